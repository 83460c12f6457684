using AllocScope.Inputs;
using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>
/// The bytes of a trace read in order, from a stream (the first pass) or from a file at an offset (one P's batches in
/// the merge), with room to see one whole event at a time. The buffer grows only for an event longer than it (a stack
/// table entry, a string), up to the input's record limit.
/// </summary>
internal sealed class TraceV1Bytes
{
    private const int Chunk = 1 << 16;
    private readonly Stream? _stream;
    private readonly SafeFileHandle? _file;
    private readonly Stream? _copy;
    private readonly string _name;
    private readonly int _maxRecord;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _eof;

    /// <param name="copy">Where every byte read is also written (the spool of an input that cannot be read twice).</param>
    public TraceV1Bytes(Stream stream, string name, int maxRecord, long offset, Stream? copy = null)
    {
        _stream = stream;
        _copy = copy;
        _name = name;
        _maxRecord = maxRecord;
        _buffer = new byte[Chunk * 4];
        _bufferOffset = offset;
    }

    public TraceV1Bytes(SafeFileHandle file, string name, int maxRecord, int size = Chunk)
    {
        _file = file;
        _name = name;
        _maxRecord = maxRecord;
        _buffer = new byte[size];
    }

    /// <summary>Offset of the next byte.</summary>
    public long Position => _bufferOffset + _pos;

    /// <summary>The bytes in hand from <see cref="Position"/> on.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_pos, _end - _pos);

    public void Advance(int count) => _pos += count;

    /// <summary>True when no byte is left.</summary>
    public bool AtEnd() => _pos == _end && !More(1);

    /// <summary>Moves a file reader to <paramref name="offset"/>, keeping the buffer when it already holds it.</summary>
    public void Seek(long offset)
    {
        if (offset >= _bufferOffset && offset <= _bufferOffset + _end)
        {
            _pos = (int)(offset - _bufferOffset);
            return;
        }

        _bufferOffset = offset;
        _pos = _end = 0;
        _eof = false;
    }

    /// <summary>Reads until more than the <see cref="Available"/> bytes are in hand (at least <paramref name="atLeast"/> in all); false at the end.</summary>
    public bool More(int atLeast)
    {
        var want = Math.Max(atLeast, (_end - _pos) + 1);
        if (want > _buffer.Length - _pos)
        {
            if (want > _buffer.Length)
            {
                if (want > _maxRecord + Chunk)
                {
                    throw new InputLimitException(_name, Position, $"a trace event of more than {InputLimits.FormatSize(_maxRecord)}", InputLimits.MaxStringFlag);
                }

                var grown = new byte[Math.Min((long)_maxRecord + Chunk, Math.Max((long)want, _buffer.Length * 2L))];
                _buffer.AsSpan(_pos, _end - _pos).CopyTo(grown);
                _buffer = grown;
            }
            else
            {
                _buffer.AsSpan(_pos, _end - _pos).CopyTo(_buffer);
            }

            _bufferOffset += _pos;
            _end -= _pos;
            _pos = 0;
        }

        while (_end - _pos < want && !_eof)
        {
            var n = _stream is not null
                ? _stream.Read(_buffer, _end, _buffer.Length - _end)
                : RandomAccess.Read(_file!, _buffer.AsSpan(_end), _bufferOffset + _end);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _copy?.Write(_buffer, _end, n);
            _end += n;
        }

        return _end - _pos >= want;
    }
}
