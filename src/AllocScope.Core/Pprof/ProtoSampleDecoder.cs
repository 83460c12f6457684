using System.Runtime.InteropServices;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Decodes Sample messages (1 location_id repeated, 2 value repeated, 3 label repeated message) into buffers reused
/// from one sample to the next, with the same checks for the reader that keeps samples and for the second pass of a
/// streamed read, which does not.
/// </summary>
internal sealed class ProtoSampleDecoder
{
    private readonly List<ulong> _ids = [];
    private readonly List<ulong> _values = [];
    private readonly List<ProtoLabel> _labels = [];

    /// <summary>The last sample's location ids, leaf first.</summary>
    public List<ulong> Ids => _ids;

    /// <summary>The last sample's values, one per sample type.</summary>
    public ReadOnlySpan<long> Values => MemoryMarshal.Cast<ulong, long>(CollectionsMarshal.AsSpan(_values));

    /// <summary>The last sample's labels (string indexes, unresolved).</summary>
    public List<ProtoLabel> Labels => _labels;

    public void Decode(ref SpanReader r)
    {
        _ids.Clear();
        _values.Clear();
        _labels.Clear();
        while (!r.AtEnd)
        {
            var fieldAt = r.Position;
            var (field, wire) = ProtoWire.ReadTag(ref r);
            switch (field)
            {
                case 1:
                    ProtoWire.ReadRepeated(ref r, wire, field, fieldAt, _ids);
                    break;
                case 2:
                    ProtoWire.ReadRepeated(ref r, wire, field, fieldAt, _values);
                    break;
                case 3:
                    ProtoWire.Expect(ref r, wire, ProtoWire.Bytes, field, fieldAt);
                    var label = r.ReadChild(ProtoWire.ReadLength(ref r));
                    _labels.Add(ReadLabel(ref label));
                    break;
                default:
                    ProtoWire.SkipField(ref r, wire);
                    break;
            }
        }
    }

    /// <summary>Label: 1 key, 2 str, 3 num, 4 num_unit.</summary>
    private static ProtoLabel ReadLabel(ref SpanReader r)
    {
        Span<ulong> v = stackalloc ulong[5];
        ProtoWire.ReadVarintFields(ref r, v);
        return new ProtoLabel((long)v[1], (long)v[2], (long)v[3], (long)v[4]);
    }
}

/// <summary>A sample label as written: string-table indexes for key, str and num_unit.</summary>
internal readonly record struct ProtoLabel(long Key, long Str, long Num, long NumUnit);
