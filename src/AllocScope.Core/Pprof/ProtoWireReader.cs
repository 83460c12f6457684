using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// A streaming protobuf wire-format reader: one pass over a <see cref="Stream"/>, nested messages bounded by limits,
/// every error an <see cref="InputFormatException"/> at the exact byte offset. Hand-written rather than
/// Google.Protobuf's CodedInputStream because pprof's rules (fields in any order, packed and unpacked repeats,
/// concatenation detection) need field-by-field control while samples stream through without a message object each,
/// and CodedInputStream keeps its limit stack internal.
/// </summary>
internal sealed class ProtoWireReader
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireBytes = 2;
    public const int WireFixed32 = 5;

    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly string _file;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _pos;
    private int _len;
    private long _bufferStart;
    private long _limit = long.MaxValue;
    private bool _eof;

    public ProtoWireReader(Stream stream, string file, long knownLength = -1)
    {
        _stream = stream;
        _file = file;
        if (knownLength >= 0)
        {
            _limit = knownLength;
        }
    }

    /// <summary>Absolute offset of the next byte in the decoded (decompressed) protobuf stream.</summary>
    public long Position => _bufferStart + _pos;

    public InputFormatException Error(string what) => InputFormatException.AtOffset(_file, Position, what);

    public InputFormatException ErrorAt(long offset, string what) => InputFormatException.AtOffset(_file, offset, what);

    /// <summary>True at the end of the current message (its limit, or the end of the stream at top level).</summary>
    public bool AtEnd()
    {
        var position = Position;
        if (position == _limit)
        {
            return true;
        }

        if (_pos < _len)
        {
            return false;
        }

        if (!Fill())
        {
            if (_limit != long.MaxValue)
            {
                throw Error($"unexpected end of data: the enclosing message should end at byte {_limit}");
            }

            return true;
        }

        return false;
    }

    /// <summary>Reads a field tag; returns field number and wire type. Rejects wire types pprof rejects.</summary>
    public (int Field, int Wire) ReadTag()
    {
        var start = Position;
        var tag = ReadVarint();
        var wire = (int)(tag & 7);
        var field = tag >> 3;
        if (wire is not (WireVarint or WireFixed64 or WireBytes or WireFixed32))
        {
            throw ErrorAt(start, $"unknown protobuf wire type {wire} (field {field}); this is not a valid profile.proto");
        }

        if (field == 0 || field > int.MaxValue)
        {
            throw ErrorAt(start, $"invalid protobuf field number {field}; this is not a valid profile.proto");
        }

        return ((int)field, wire);
    }

    public ulong ReadVarint()
    {
        // Fast path: ten bytes buffered and inside the limit, so no per-byte checks are needed.
        if (_len - _pos >= 10 && _limit - (_bufferStart + _pos) >= 10)
        {
            var buffer = _buffer;
            var p = _pos;
            ulong value = 0;
            for (var shift = 0; shift < 70; shift += 7)
            {
                var b = buffer[p++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    _pos = p;
                    return value;
                }
            }

            throw Error("corrupt varint (more than 10 bytes)");
        }

        var start = Position;
        ulong result = 0;
        for (var i = 0; i < 10; i++)
        {
            var b = ReadByte(start);
            result |= (ulong)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw ErrorAt(start, "corrupt varint (more than 10 bytes)");
    }

    public long ReadInt64() => (long)ReadVarint();

    public void SkipField(int wire)
    {
        switch (wire)
        {
            case WireVarint:
                ReadVarint();
                break;
            case WireFixed64:
                Skip(8);
                break;
            case WireFixed32:
                Skip(4);
                break;
            case WireBytes:
                Skip(ReadLength());
                break;
            default:
                throw Error($"unknown wire type {wire}");
        }
    }

    /// <summary>Reads a length prefix and checks it fits the enclosing message.</summary>
    public long ReadLength()
    {
        var start = Position;
        var length = ReadVarint();
        if (length > (ulong)(long.MaxValue / 2) || (_limit != long.MaxValue && Position + (long)length > _limit))
        {
            throw ErrorAt(start, $"length {length} runs past the end of the enclosing message (byte {_limit})");
        }

        return (long)length;
    }

    /// <summary>Enters a length-delimited submessage; returns the outer limit to pass to <see cref="PopLimit"/>.</summary>
    public long PushLimit(long length)
    {
        var outer = _limit;
        _limit = Position + length;
        return outer;
    }

    public void PopLimit(long outer)
    {
        if (Position != _limit)
        {
            throw Error($"submessage ends at byte {Position}, expected {_limit}");
        }

        _limit = outer;
    }

    public string ReadString(long length)
    {
        if (length == 0)
        {
            return string.Empty;
        }

        if (length <= BufferSize)
        {
            EnsureAvailable((int)length);
            var s = Encoding.UTF8.GetString(_buffer, _pos, (int)length);
            _pos += (int)length;
            return s;
        }

        // Long strings grow as bytes arrive, so a corrupt length cannot make us allocate what the file does not hold.
        var start = Position;
        using var collected = new MemoryStream();
        var remaining = length;
        while (remaining > 0)
        {
            if (_pos == _len && !Fill())
            {
                throw ErrorAt(start, $"truncated: a string of {length} bytes ends after {length - remaining}");
            }

            var n = (int)Math.Min(remaining, _len - _pos);
            collected.Write(_buffer, _pos, n);
            _pos += n;
            remaining -= n;
        }

        return Encoding.UTF8.GetString(collected.GetBuffer(), 0, (int)collected.Length);
    }

    public void Skip(long length)
    {
        var start = Position;
        var remaining = length;
        while (remaining > 0)
        {
            if (_pos == _len && !Fill())
            {
                throw ErrorAt(start, $"truncated: {length} bytes expected, the data ends after {length - remaining}");
            }

            var n = (int)Math.Min(remaining, _len - _pos);
            _pos += n;
            remaining -= n;
        }
    }

    private byte ReadByte(long fieldStart)
    {
        if (_pos == _len && !Fill())
        {
            throw ErrorAt(fieldStart, "truncated: the data ends inside a field");
        }

        if (Position >= _limit)
        {
            throw ErrorAt(fieldStart, $"field runs past the end of its message (byte {_limit})");
        }

        return _buffer[_pos++];
    }

    private void EnsureAvailable(int count)
    {
        var start = Position;
        if (_len - _pos >= count)
        {
            return;
        }

        // Move the unread tail to the front and read until count bytes are buffered.
        var unread = _len - _pos;
        Buffer.BlockCopy(_buffer, _pos, _buffer, 0, unread);
        _bufferStart += _pos;
        _pos = 0;
        _len = unread;
        while (_len < count && !_eof)
        {
            var n = _stream.Read(_buffer, _len, _buffer.Length - _len);
            if (n == 0)
            {
                _eof = true;
                break;
            }

            _len += n;
        }

        if (_len < count)
        {
            throw ErrorAt(start, $"truncated: {count} bytes expected, only {_len} remain");
        }
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _bufferStart += _len;
        _pos = 0;
        _len = 0;
        var n = _stream.Read(_buffer, 0, _buffer.Length);
        if (n == 0)
        {
            _eof = true;
            return false;
        }

        _len = n;
        return true;
    }
}
