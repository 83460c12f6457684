using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AllocScope.Inputs;

/// <summary>
/// The one binary reader of every format (profile.proto messages now; trace batches and ELF structures next): a
/// forward reader over bytes in memory with varints, fixed-width little- and big-endian integers and child readers for
/// length-prefixed parts, each error an <see cref="InputFormatException"/> at the absolute offset in the input.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _base;
    private readonly string _file;
    private int _pos;

    /// <param name="data">The bytes.</param>
    /// <param name="baseOffset">The offset of <paramref name="data"/>[0] in the input, for errors.</param>
    /// <param name="file">The input as the user named it.</param>
    public SpanReader(ReadOnlySpan<byte> data, long baseOffset, string file)
    {
        _data = data;
        _base = baseOffset;
        _file = file;
        _pos = 0;
    }

    /// <summary>Offset in the input of the next byte.</summary>
    public readonly long Position => _base + _pos;

    /// <summary>Bytes read from this reader's span so far.</summary>
    public readonly int Consumed => _pos;

    public readonly int Remaining => _data.Length - _pos;

    public readonly bool AtEnd => _pos >= _data.Length;

    public readonly string File => _file;

    public byte ReadByte()
    {
        if (_pos >= _data.Length)
        {
            ThrowTruncated(1);
        }

        return _data[_pos++];
    }

    /// <summary>A base-128 varint of at most 10 bytes (protobuf, Go's encoding/binary uvarint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarint()
    {
        // Most varints of a profile (ids, small values, tags) take one byte.
        if ((uint)_pos < (uint)_data.Length && _data[_pos] < 0x80)
        {
            return _data[_pos++];
        }

        var start = _pos;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_pos >= _data.Length)
            {
                _pos = start;
                ThrowTruncated(shift / 7 + 1);
            }

            var b = _data[_pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        _pos = start;
        throw Error("corrupt varint (more than 10 bytes)");
    }

    public ushort ReadUInt16LittleEndian() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public ushort ReadUInt16BigEndian() => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2));

    public uint ReadUInt32LittleEndian() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public uint ReadUInt32BigEndian() => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4));

    public ulong ReadUInt64LittleEndian() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8));

    public ulong ReadUInt64BigEndian() => BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > _data.Length - _pos)
        {
            ThrowTruncated(count);
        }

        var bytes = _data.Slice(_pos, count);
        _pos += count;
        return bytes;
    }

    /// <summary>A reader over the next <paramref name="length"/> bytes (a length-prefixed part), which this one skips.</summary>
    public SpanReader ReadChild(long length)
    {
        var start = Position;
        return new SpanReader(ReadBytes(length > int.MaxValue ? -1 : (int)length), start, _file);
    }

    public void Skip(long count) => ReadBytes(count > int.MaxValue ? -1 : (int)count);

    /// <summary>An error at the next byte.</summary>
    public readonly InputFormatException Error(string what) => InputFormatException.AtOffset(_file, Position, what);

    public readonly InputFormatException ErrorAt(long offset, string what) => InputFormatException.AtOffset(_file, offset, what);

    [DoesNotReturn]
    private readonly void ThrowTruncated(long wanted) =>
        throw Error($"truncated: {wanted} more byte{(wanted == 1 ? "" : "s")} expected, {Remaining} left in the enclosing part (ending at byte {_base + _data.Length})");
}
