using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Decodes one v1 event at a time from <see cref="TraceV1Bytes"/> as Go 1.19's readTrace does: a byte of type (6 bits)
/// and inline-argument count (2 bits), then varints, or a byte length and varints when there are more; a `String`
/// entry; a `UserLog`'s trailing message. Arguments land in <see cref="Args"/>; nothing is allocated per event.
/// </summary>
internal sealed class TraceV1Decoder
{
    private readonly int _version;
    private readonly string _file;
    private readonly int[] _argNum = new int[64];
    private readonly bool[] _known = new bool[64];
    private int _consumed;

    public TraceV1Decoder(int version, string file)
    {
        _version = version;
        _file = file;
        for (var t = 0; t < TraceEventTypes.Count; t++)
        {
            _argNum[t] = TraceEventTypes.ArgNum((TraceEventType)t, version);
            _known[t] = t != 0 && ((TraceEventType)t).Describe().MinVersion <= version;
        }
    }

    public TraceEventType Type { get; private set; }

    /// <summary>Offset of the event's first byte.</summary>
    public long Off { get; private set; }

    public ulong[] Args { get; private set; } = new ulong[16];

    public int Count { get; private set; }

    /// <summary>A `String` entry's id, and where its bytes (or a `UserLog`'s message) start in <see cref="TraceV1Bytes.Available"/> and how long they are.</summary>
    public ulong StringId { get; private set; }

    public int DataStart { get; private set; }

    public int DataLength { get; private set; }

    /// <summary>Decodes the next event, leaving its bytes in hand until <see cref="Done"/>; false at the end of the input.</summary>
    public bool Next(TraceV1Bytes bytes)
    {
        if (bytes.AtEnd())
        {
            return false;
        }

        Off = bytes.Position;
        while (true)
        {
            var span = bytes.Available;
            var need = TryDecode(span);
            if (need == 0)
            {
                return true;
            }

            if (!bytes.More(need))
            {
                throw InputFormatException.AtOffset(_file, Off, "truncated: the trace ends inside an event");
            }
        }
    }

    public void Done(TraceV1Bytes bytes) => bytes.Advance(_consumed);

    /// <summary>The decoded event's length in bytes.</summary>
    public int Length => _consumed;

    /// <summary>Decodes from <paramref name="span"/>: 0 when whole, else how many bytes it needs at least.</summary>
    private int TryDecode(ReadOnlySpan<byte> span)
    {
        var header = span[0];
        var type = (TraceEventType)(header & 0x3f);
        var narg = (header >> 6) + 1;
        var inline = 4;
        if (_version < 1007)
        {
            narg++;
            inline++;
        }

        if (!_known[(int)type])
        {
            throw InputFormatException.AtOffset(_file, Off, $"unknown event type {(int)type}");
        }

        Type = type;
        var pos = 1;
        Count = 0;
        if (type == TraceEventType.String)
        {
            if (!Varint(span, ref pos, out var id) || !Varint(span, ref pos, out var length))
            {
                return span.Length + 1;
            }

            if (id == 0)
            {
                throw InputFormatException.AtOffset(_file, Off, "string has invalid id 0");
            }

            if (length == 0 || length > 1_000_000)
            {
                throw InputFormatException.AtOffset(_file, Off, $"string has invalid length {length}");
            }

            StringId = id;
            return Data(span, pos, (int)length);
        }

        if (narg < inline)
        {
            var args = Args;
            for (var i = 0; i < narg; i++)
            {
                // Most values fit one byte.
                if (pos < span.Length && span[pos] < 0x80)
                {
                    args[i] = span[pos++];
                }
                else if (!Varint(span, ref pos, out args[i]))
                {
                    return span.Length + 1;
                }
            }

            Count = narg;
        }
        else
        {
            if (!Varint(span, ref pos, out var length))
            {
                return span.Length + 1;
            }

            if (length > (ulong)(span.Length - pos))
            {
                return length > int.MaxValue / 2 ? int.MaxValue / 2 : pos + (int)length;
            }

            var start = pos;
            while ((ulong)(pos - start) < length)
            {
                if (!Varint(span, ref pos, out var v))
                {
                    return span.Length + 1;
                }

                if (Count == Args.Length)
                {
                    var grown = Args;
                    Array.Resize(ref grown, Count * 2);
                    Args = grown;
                }

                Args[Count++] = v;
            }

            if ((ulong)(pos - start) != length)
            {
                throw InputFormatException.AtOffset(_file, Off, $"event has wrong length: want {length}, got {pos - start}");
            }
        }

        if (type != TraceEventType.Stack && Count != _argNum[(int)type])
        {
            throw InputFormatException.AtOffset(_file, Off, $"{type.Name()} has wrong number of arguments: want {_argNum[(int)type]}, got {Count}");
        }

        if (type == TraceEventType.UserLog)
        {
            if (!Varint(span, ref pos, out var length))
            {
                return span.Length + 1;
            }

            if (length > 1_000_000)
            {
                throw InputFormatException.AtOffset(_file, Off + pos, $"string is too large (len={length})");
            }

            return Data(span, pos, (int)length);
        }

        DataStart = DataLength = 0;
        _consumed = pos;
        return 0;
    }

    private int Data(ReadOnlySpan<byte> span, int pos, int length)
    {
        if (span.Length - pos < length)
        {
            return pos + length;
        }

        DataStart = pos;
        DataLength = length;
        _consumed = pos + length;
        return 0;
    }

    private bool Varint(ReadOnlySpan<byte> span, ref int pos, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (pos >= span.Length)
            {
                return false;
            }

            var b = span[pos++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        throw InputFormatException.AtOffset(_file, Off + pos, "corrupt varint (more than 10 bytes)");
    }
}
