namespace AllocScope.Inputs;

/// <summary>
/// A forward window over a stream for record-by-record formats: the next bytes are handed out as spans (read with a
/// <see cref="SpanReader"/>) without holding more than the largest record, which is capped by
/// <see cref="InputLimits.MaxStringBytes"/>. Offsets count from the stream's first byte.
/// </summary>
public sealed class StreamWindow(Stream stream, string file, int maxRecordBytes)
{
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _eof;

    /// <summary>Offset of the next byte.</summary>
    public long Position => _bufferOffset + _start;

    public string File => file;

    /// <summary>True when the stream has no more bytes.</summary>
    public bool AtEnd() => _start == _end && !Fill(1);

    /// <summary>A reader over the next bytes, at most <paramref name="count"/> (fewer at the end); <see cref="Advance"/> by what it consumed.</summary>
    public SpanReader Peek(int count)
    {
        Fill(count);
        return new SpanReader(_buffer.AsSpan(_start, Math.Min(count, _end - _start)), Position, file);
    }

    public void Advance(int count) => _start += count;

    /// <summary>The next <paramref name="length"/> bytes as a reader (valid until the next call); a longer record than the limit is an error.</summary>
    public SpanReader Take(long length, string what)
    {
        if (length > maxRecordBytes)
        {
            throw new InputLimitException(file, Position, $"{what} of {InputLimits.FormatSize(length)} is longer than {InputLimits.FormatSize(maxRecordBytes)}", InputLimits.MaxStringFlag);
        }

        var start = Position;
        if (!Fill((int)length))
        {
            throw InputFormatException.AtOffset(file, start, $"truncated: {what} of {length} bytes, the data ends after {_end - _start}");
        }

        var reader = new SpanReader(_buffer.AsSpan(_start, (int)length), start, file);
        _start += (int)length;
        return reader;
    }

    /// <summary>Skips <paramref name="length"/> bytes without holding them.</summary>
    public void Skip(long length)
    {
        var start = Position;
        var remaining = length;
        while (remaining > 0)
        {
            if (_start == _end && !Fill(1))
            {
                throw InputFormatException.AtOffset(file, start, $"truncated: {length} bytes expected, the data ends after {length - remaining}");
            }

            var n = (int)Math.Min(remaining, _end - _start);
            _start += n;
            remaining -= n;
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available if the stream has them; false when it ends first.</summary>
    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        while (_end < count && !_eof)
        {
            // Grow only as bytes arrive, so a corrupt length cannot make us allocate what the input does not hold.
            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Min(count, _buffer.Length * 2));
            }

            var n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                _eof = true;
            }

            _end += n;
        }

        return _end - _start >= count;
    }
}
