using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace AllocScope.Inputs;

/// <summary>
/// Reads its inner stream (a gunzip) on a thread of its own, a few buffers ahead of the reader, so decompression and
/// decoding use both cores. An error of the inner stream reaches the reader at the point it would have in a serial
/// read, unchanged; disposing stops the thread before the inner stream is closed. Memory: at most four 1 MiB buffers.
/// </summary>
public sealed class ReadAheadStream : ReadOnlyForwardStream
{
    private const int BufferBytes = 1 << 20;
    private readonly BlockingCollection<Filled> _filled = new(boundedCapacity: 3);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Filled _current;
    private int _offset;
    private bool _ended;

    public ReadAheadStream(Stream inner)
        : base(inner)
    {
        _thread = new Thread(Fill) { IsBackground = true, Name = "allocscope read-ahead" };
        _thread.Start();
    }

    public override int Read(Span<byte> buffer)
    {
        while (!_ended && (_current.Buffer is null || _offset == _current.Count))
        {
            if (_current.Buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_current.Buffer);
            }

            _current = _filled.Take();
            _offset = 0;
            if (_current.Error is { } error)
            {
                _ended = true;
                ExceptionDispatchInfo.Throw(error);
            }

            _ended = _current.Count == 0;
        }

        if (_ended)
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _current.Count - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    private void Fill()
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
                var n = Inner.ReadAtLeast(buffer, BufferBytes, throwOnEndOfStream: false);
                _filled.Add(new Filled(buffer, n, null), _stop.Token);
                if (n == 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            try
            {
                _filled.Add(new Filled(null, 0, e), _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
            _filled.Dispose();
        }

        base.Dispose(disposing);
    }

    private readonly record struct Filled(byte[]? Buffer, int Count, Exception? Error);
}
