using Microsoft.Win32.SafeHandles;

namespace AllocScope.Inputs;

/// <summary>
/// Splits a plain file into byte ranges that each start at a record, so a text reader can parse them on several cores:
/// a nominal cut is moved forward to the start of the next line the format says begins a record. A cut that finds no
/// such line merges its range into the one before, so the last range always runs to the end of the file.
/// </summary>
public static class FileRanges
{
    /// <summary>Tells whether a line (without its newline) starts a record.</summary>
    public delegate bool RecordStart(ReadOnlySpan<byte> line);

    /// <summary>
    /// Cuts [<paramref name="from"/>, file end) into about <paramref name="count"/> ranges starting at records.
    /// The first range starts at <paramref name="from"/> whatever is there.
    /// </summary>
    public static IReadOnlyList<(long Start, long End)> Split(string path, long from, int count, RecordStart isRecordStart)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        var starts = new List<long> { from };
        var step = (length - from) / Math.Max(1, count);
        var buffer = new byte[1 << 16];
        for (var i = 1; i < count && step > 0; i++)
        {
            var cut = NextRecord(handle, Math.Max(from + (step * i), starts[^1] + 1), length, isRecordStart, buffer);
            if (cut < length && cut > starts[^1])
            {
                starts.Add(cut);
            }
        }

        var ranges = new (long, long)[starts.Count];
        for (var i = 0; i < starts.Count; i++)
        {
            ranges[i] = (starts[i], i + 1 < starts.Count ? starts[i + 1] : length);
        }

        return ranges;
    }

    /// <summary>The offset of the first line starting after <paramref name="offset"/> that begins a record, or the file length.</summary>
    /// <remarks>
    /// The cuts run before any range is parsed, on one core: a record starts within a few lines of a cut, so the first read
    /// is small and each next one twice as large, up to the buffer.
    /// </remarks>
    private static long NextRecord(SafeFileHandle handle, long offset, long length, RecordStart isRecordStart, byte[] buffer)
    {
        var position = offset;
        var chunk = 4096;
        var lineStart = -1L;
        var pending = 0;
        while (position < length)
        {
            var n = RandomAccess.Read(handle, buffer.AsSpan(pending, Math.Min(buffer.Length - pending, chunk)), position);
            chunk = Math.Min(chunk * 2, buffer.Length);
            if (n == 0)
            {
                break;
            }

            var filled = pending + n;
            var at = 0;
            while (true)
            {
                var newline = buffer.AsSpan(at, filled - at).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                if (lineStart >= 0 && isRecordStart(buffer.AsSpan(at, newline)))
                {
                    return lineStart;
                }

                at += newline + 1;
                lineStart = position - pending + at;
            }

            // Keep the unfinished line (when it is short enough to be a record's first line worth testing).
            pending = filled - at;
            if (pending >= buffer.Length / 2 || lineStart < 0)
            {
                // Too long to be a record's first line (or the line the cut fell into): skip to the next newline.
                pending = 0;
                lineStart = -1;
            }
            else
            {
                buffer.AsSpan(at, pending).CopyTo(buffer);
            }

            position += n;
        }

        return length;
    }
}

/// <summary>A read-only forward stream over [start, end) of a file, with its own handle (one per parallel reader).</summary>
public sealed class FileRangeStream(string path, long start, long end, Action<int>? onRead = null) : Stream
{
    private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
    private readonly long _start = start;
    private long _position = start;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => end - _start;

    public override long Position { get => _position - _start; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, end - _position);
        if (want <= 0)
        {
            return 0;
        }

        var n = RandomAccess.Read(_handle, buffer[..want], _position);
        _position += n;
        onRead?.Invoke(n);
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Progress of several parallel readers of one file, reported as one count (at most every 1 MiB, one caller at a time).</summary>
public sealed class SharedProgress(string file, long totalBytes, IProgressReporter reporter)
{
    private const long Step = 1 << 20;
    private readonly Lock _lock = new();
    private long _read;
    private long _nextReport = Step;

    public void Add(int bytes)
    {
        var read = Interlocked.Add(ref _read, bytes);
        if (read < Interlocked.Read(ref _nextReport))
        {
            return;
        }

        lock (_lock)
        {
            if (read >= _nextReport)
            {
                _nextReport = read + Step;
                reporter.Report(file, Math.Min(read, totalBytes), totalBytes);
            }
        }
    }
}
