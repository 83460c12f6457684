using System.Collections.Concurrent;
using AllocScope.Inputs;

namespace AllocScope.Tests.Inputs;

/// <summary>Items worked on by a fixed set of threads, a bounded number ahead, and taken back in item order.</summary>
public sealed class TheOrderedWorkers
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 2, 4)]
    [InlineData(50, 3, 4)]
    [InlineData(200, 8, 9)]
    public void Gives_every_result_in_item_order_from_at_most_its_workers_and_never_more_than_ahead(int count, int workers, int ahead)
    {
        var threads = new ConcurrentDictionary<int, bool>();
        var started = 0;
        var taken = 0;
        var mostAhead = 0;
        using var work = new OrderedWorkers<int>(count, workers, ahead, (index, _) =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            var now = Interlocked.Increment(ref started) - Volatile.Read(ref taken);
            InterlockedMax(ref mostAhead, now);
            Thread.SpinWait(Random.Shared.Next(20_000));
            return index * 10;
        }, TestContext.Current.CancellationToken);

        for (var i = 0; i < count; i++)
        {
            // (Counted before the take: a take lets the next item start before it returns.)
            Interlocked.Increment(ref taken);
            Assert.Equal(i * 10, work.Take(i));
        }

        Assert.Equal(count, started);
        Assert.InRange(threads.Count, 1, workers);
        Assert.InRange(mostAhead, 0, ahead);
    }

    [Fact]
    public void Rethrows_an_item_s_exception_when_that_item_is_taken()
    {
        using var work = new OrderedWorkers<int>(5, 2, 3, (index, _) => index == 2 ? throw new InvalidDataException("item 2") : index,
            TestContext.Current.CancellationToken);
        Assert.Equal(0, work.Take(0));
        Assert.Equal(1, work.Take(1));
        Assert.Equal("item 2", Assert.Throws<InvalidDataException>(() => work.Take(2)).Message);
    }

    [Fact]
    public void Stops_waiting_with_OperationCanceledException_when_cancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var release = new ManualResetEventSlim();
        using var work = new OrderedWorkers<int>(3, 1, 1, (index, token) =>
        {
            release.Wait(token);
            return index;
        }, cancel.Token);
        cancel.CancelAfter(50);
        Assert.ThrowsAny<OperationCanceledException>(() => work.Take(0));
    }

    [Fact]
    public void Starts_no_item_once_disposed_and_lets_no_worker_outlive_it()
    {
        var started = 0;
        var running = 0;
        var work = new OrderedWorkers<int>(1000, 2, 3, (index, token) =>
        {
            Interlocked.Increment(ref started);
            Interlocked.Increment(ref running);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return index;
        }, TestContext.Current.CancellationToken);
        Assert.Equal(0, work.Take(0));
        work.Dispose();
        var afterDispose = Volatile.Read(ref started);
        Assert.Equal(0, Volatile.Read(ref running));
        Thread.Sleep(50);
        Assert.Equal(afterDispose, Volatile.Read(ref started));
        Assert.InRange(afterDispose, 1, 1 + 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
