namespace AllocScope.Progress;

/// <summary>
/// Where a long read reports how far it got. Core only counts bytes; the command line decides whether to show
/// anything (only for large inputs, only when stderr is a terminal).
/// </summary>
public interface IProgressReporter
{
    /// <summary>Called now and then while reading <paramref name="file"/>: bytes consumed of the file so far, and its size.</summary>
    void Report(string file, long bytesRead, long totalBytes);

    /// <summary>The read of <paramref name="file"/> finished (or failed).</summary>
    void Done(string file);
}

/// <summary>Reports nothing.</summary>
public sealed class NoProgress : IProgressReporter
{
    public static readonly NoProgress Instance = new();

    public void Report(string file, long bytesRead, long totalBytes)
    {
    }

    public void Done(string file)
    {
    }
}

/// <summary>A read-only stream that tells a reporter how many bytes of the underlying file were read, at most every 1 MiB.</summary>
public sealed class ProgressStream(Stream inner, string file, long totalBytes, IProgressReporter reporter) : Stream
{
    private const long Step = 1 << 20;
    private long _read;
    private long _nextReport = Step;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int n)
    {
        _read += n;
        if (_read >= _nextReport)
        {
            reporter.Report(file, _read, totalBytes);
            _nextReport = _read + Step;
        }

        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
