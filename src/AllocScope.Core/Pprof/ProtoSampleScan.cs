using System.Runtime.InteropServices;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>Receives one sample of a streamed profile: its location ids (leaf first, each in the profile) and one value per sample type.</summary>
internal delegate void SampleVisitor(ReadOnlySpan<ulong> ids, ReadOnlySpan<long> values);

/// <summary>
/// The second pass of a streamed proto read (<see cref="StreamedProfile"/>): walks the top-level fields again, decodes
/// each sample with the checks of the first reader and hands it to a visitor with its locations resolved. Every other
/// field was read by the first pass and is skipped. Nothing is kept, so memory does not grow with the samples.
/// </summary>
internal static class ProtoSampleScan
{
    private const int FieldHeadBytes = 20;

    /// <summary>
    /// Visits every sample; throws <see cref="InputFormatException"/> when a sample is malformed, refers to a location
    /// the profile lacks, has other than <paramref name="valueCount"/> values, or the stream is not
    /// <paramref name="length"/> bytes long (the file changed between the passes).
    /// </summary>
    public static void Run(Stream stream, string file, InputLimits limits, LocationIndex index, int valueCount, long length, SampleVisitor visit)
    {
        var window = new StreamWindow(stream, file, limits.MaxStringBytes);
        var decoder = new ProtoSampleDecoder();
        while (!window.AtEnd())
        {
            var head = window.Peek(FieldHeadBytes);
            var (field, wire) = ProtoWire.ReadTag(ref head);
            if (wire != ProtoWire.Bytes)
            {
                ProtoWire.SkipField(ref head, wire);
                window.Advance(head.Consumed);
                continue;
            }

            var bytes = (long)head.ReadVarint();
            window.Advance(head.Consumed);
            if (field != 2)
            {
                window.Skip(bytes);
                continue;
            }

            var body = window.Take(bytes, "field 2");
            var at = body.Position;
            decoder.Decode(ref body);
            var ids = CollectionsMarshal.AsSpan(decoder.Ids);
            var values = decoder.Values;
            if (values.Length != valueCount)
            {
                throw InputFormatException.AtOffset(file, at, $"sample has {values.Length} values but the profile has {valueCount} sample types");
            }

            var missing = index.FirstMissing(ids);
            if (missing >= 0)
            {
                throw InputFormatException.AtOffset(file, at, $"sample refers to location id {ids[missing]}, which is not in the profile");
            }

            visit(ids, values);
        }

        if (window.Position != length)
        {
            throw InputFormatException.AtOffset(file, window.Position, $"the profile was {length} bytes long when first read; it changed while being read");
        }
    }
}
