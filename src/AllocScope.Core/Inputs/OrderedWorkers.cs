namespace AllocScope.Inputs;

/// <summary>
/// Items 0..N-1 worked on by a fixed set of worker threads, at most a few items ahead of a consumer that takes the
/// results in item order (a reader of file ranges that hands its output on in file order). The workers are the same
/// threads from the first item to the last, so what a thread keeps for reuse (thread-static buffers, the array pool's
/// per-thread cache) serves every item it works on; a thread per item started each one with nothing.
/// </summary>
/// <typeparam name="T">The result of one item.</typeparam>
internal sealed class OrderedWorkers<T> : IDisposable
{
    private readonly Func<int, CancellationToken, T> _work;
    private readonly TaskCompletionSource<T>[] _results;
    private readonly SemaphoreSlim _ahead;
    private readonly CancellationTokenSource _cancel;
    private readonly Task[] _workers;
    private int _next = -1;

    /// <param name="count">How many items.</param>
    /// <param name="workers">How many worker threads (at most one per item).</param>
    /// <param name="ahead">How many items may be started and not yet taken: what memory the results hold is bounded by it.</param>
    /// <param name="work">Works on one item; the token is cancelled when the consumer stops or <paramref name="cancellation"/> fires.</param>
    /// <param name="cancellation">Stops the workers (Ctrl-C).</param>
    public OrderedWorkers(int count, int workers, int ahead, Func<int, CancellationToken, T> work, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, 1);
        _work = work;
        _results = new TaskCompletionSource<T>[count];
        for (var i = 0; i < count; i++)
        {
            _results[i] = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ahead = new SemaphoreSlim(ahead);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        _workers = new Task[Math.Clamp(workers, 1, Math.Max(1, count))];
        for (var w = 0; w < _workers.Length; w++)
        {
            _workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// The result of item <paramref name="index"/>, once it is done; items are taken in order, each once. Rethrows what
    /// the item threw, and <see cref="OperationCanceledException"/> when the read is cancelled while waiting.
    /// </summary>
    public T Take(int index)
    {
        var done = _results[index].Task;
        try
        {
            done.Wait(_cancel.Token);
        }
        catch (AggregateException)
        {
            // (Rethrown unwrapped below.)
        }

        _ahead.Release();
        return done.GetAwaiter().GetResult();
    }

    /// <summary>Stops the workers and waits for them, so no worker outlives the read.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        try
        {
            Task.WaitAll(_workers);
        }
        catch (AggregateException)
        {
        }

        _cancel.Dispose();
        _ahead.Dispose();
    }

    private void Work()
    {
        var token = _cancel.Token;
        try
        {
            while (true)
            {
                _ahead.Wait(token);
                var index = Interlocked.Increment(ref _next);
                if (index >= _results.Length)
                {
                    return;
                }

                try
                {
                    _results[index].SetResult(_work(index, token));
                }
                catch (Exception e)
                {
                    _results[index].SetException(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
