using System.Runtime.InteropServices;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// The protobuf wire format on top of <see cref="SpanReader"/>: tags, the four wire types pprof accepts, lengths that
/// must fit their enclosing message, and skipping unknown fields. Hand-written rather than Google.Protobuf's because
/// pprof's rules (fields in any order, packed and unpacked repeats, concatenation detection) need field-by-field
/// control while samples stream through without a message object each.
/// </summary>
internal static class ProtoWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Bytes = 2;
    public const int Fixed32 = 5;

    /// <summary>A field tag: field number and wire type; wire types pprof rejects and field 0 are errors.</summary>
    public static (int Field, int Wire) ReadTag(ref SpanReader r)
    {
        var start = r.Position;
        var tag = r.ReadVarint();
        var wire = (int)(tag & 7);
        var field = tag >> 3;
        if (wire is not (Varint or Fixed64 or Bytes or Fixed32))
        {
            throw r.ErrorAt(start, $"unknown protobuf wire type {wire} (field {field}); this is not a valid profile.proto");
        }

        if (field == 0 || field > int.MaxValue)
        {
            throw r.ErrorAt(start, $"invalid protobuf field number {field}; this is not a valid profile.proto");
        }

        return ((int)field, wire);
    }

    /// <summary>A length prefix; it must fit what is left of the enclosing message.</summary>
    public static long ReadLength(ref SpanReader r)
    {
        var start = r.Position;
        var length = r.ReadVarint();
        if (length > (ulong)r.Remaining)
        {
            throw r.ErrorAt(start, $"length {length} runs past the end of the enclosing message (byte {r.Position + r.Remaining})");
        }

        return (long)length;
    }

    public static void Expect(ref SpanReader r, int wire, int expected, int field, long at)
    {
        if (wire != expected)
        {
            throw r.ErrorAt(at, $"field {field} has wire type {wire}, expected {expected} (type mismatch)");
        }
    }

    public static void SkipField(ref SpanReader r, int wire)
    {
        switch (wire)
        {
            case Varint:
                r.ReadVarint();
                break;
            case Fixed64:
                r.Skip(8);
                break;
            case Fixed32:
                r.Skip(4);
                break;
            default:
                r.Skip(ReadLength(ref r));
                break;
        }
    }

    /// <summary>Repeated varints: packed (one length-delimited run) or unpacked (one per tag), mixed freely.</summary>
    public static void ReadRepeated(ref SpanReader r, int wire, int field, long at, List<ulong> into)
    {
        if (wire == Varint)
        {
            into.Add(r.ReadVarint());
            return;
        }

        Expect(ref r, wire, Bytes, field, at);
        var packed = r.ReadChild(ReadLength(ref r));

        // A packed run holds at most one varint per byte: write them in place rather than Add one by one.
        var count = into.Count;
        CollectionsMarshal.SetCount(into, count + packed.Remaining);
        var values = CollectionsMarshal.AsSpan(into);
        while (!packed.AtEnd)
        {
            values[count++] = packed.ReadVarint();
        }

        CollectionsMarshal.SetCount(into, count);
    }

    /// <summary>
    /// Reads a message whose fields are varints (ValueType, Label, Line, Mapping, Function; Location but for its lines,
    /// the length-delimited <paramref name="childField"/> handed to <paramref name="readChild"/>): the last value of each
    /// field below the span's length, 0 when absent; other fields are skipped.
    /// </summary>
    public static void ReadVarintFields(ref SpanReader r, scoped Span<ulong> fields, int childField = 0, ChildReader? readChild = null)
    {
        fields.Clear();
        while (!r.AtEnd)
        {
            var at = r.Position;
            var (field, wire) = ReadTag(ref r);
            if (readChild is not null && field == childField)
            {
                Expect(ref r, wire, Bytes, field, at);
                var child = r.ReadChild(ReadLength(ref r));
                readChild(ref child);
            }
            else if (field > 0 && field < fields.Length)
            {
                Expect(ref r, wire, Varint, field, at);
                fields[field] = r.ReadVarint();
            }
            else
            {
                SkipField(ref r, wire);
            }
        }
    }
}

/// <summary>Reads one embedded message of a message otherwise made of varints.</summary>
internal delegate void ChildReader(ref SpanReader child);
