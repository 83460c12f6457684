namespace AllocScope.Inputs;

/// <summary>
/// The one line splitter of every text reader: one pass over a stream, a reused buffer, lines handed out as byte spans
/// (without "\n" or "\r\n") that are valid until the next call. A line longer than the limit is an error naming the
/// line, so a file without newlines cannot make a reader hold it whole.
/// </summary>
/// <param name="bufferBytes">The first buffer's size (it grows for longer lines): readers of many small ranges take one
/// below the large-object threshold, since every large allocation brings a full collection nearer.</param>
public sealed class LineReader(Stream stream, string file, string expected, int maxLineBytes = LineReader.DefaultMaxLineBytes,
    int bufferBytes = 1 << 20)
{
    public const int DefaultMaxLineBytes = 64 << 20;

    private byte[] _buffer = new byte[bufferBytes];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>The file as the user named it (for errors).</summary>
    public string File { get; } = file;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads the next line. False at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = searchFrom + newline;
                line = Trim(_buffer.AsSpan(_start, lineEnd - _start));
                _start = lineEnd + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (_start < _end)
                {
                    line = Trim(_buffer.AsSpan(_start, _end - _start));
                    _start = _end;
                    LineNumber++;
                    return true;
                }

                line = default;
                return false;
            }

            searchFrom = _end - _start;
            Refill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Refill()
    {
        var pending = _end - _start;
        if (pending > 0 && _start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }

        _start = 0;
        _end = pending;
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= maxLineBytes)
            {
                throw InputFormatException.AtLine(File, LineNumber + 1, $"line longer than {maxLineBytes >> 20} MiB: expected {expected}");
            }

            Array.Resize(ref _buffer, Math.Min(maxLineBytes, _buffer.Length * 2));
        }

        var n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0)
        {
            _eof = true;
        }
        else
        {
            _end += n;
            BytesRead += n;
        }
    }
}
