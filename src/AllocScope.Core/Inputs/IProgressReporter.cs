namespace AllocScope.Inputs;

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
public sealed class ProgressStream(Stream inner, string file, long totalBytes, IProgressReporter reporter) : ReadOnlyForwardStream(inner)
{
    private const long Step = 1 << 20;
    private long _read;
    private long _nextReport = Step;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        _read += n;
        if (_read >= _nextReport)
        {
            reporter.Report(file, _read, totalBytes);
            _nextReport = _read + Step;
        }

        return n;
    }
}
