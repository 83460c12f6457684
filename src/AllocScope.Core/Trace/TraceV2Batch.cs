using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// One batch of a v2 trace, unparsed but for its header (Go's batch.go): the generation, the thread (M) that wrote it
/// (2^64−1 for the global tables), its base time in ticks, the experiment (0 for none) and its bytes, which start at
/// <see cref="DataOffset"/> in the input.
/// </summary>
internal sealed record TraceV2Batch(ulong Gen, ulong M, ulong Time, byte Experiment, byte[] Data, long DataOffset)
{
    /// <summary>Go's MaxBatchSize: the runtime never writes a longer batch.</summary>
    public const int MaxSize = 64 << 10;

    /// <summary>A batch of the structural kind whose first byte is <paramref name="type"/> (strings, stacks, samples, sync).</summary>
    public bool Is(byte type) => Experiment == 0 && Data.Length > 0 && Data[0] == type;

    /// <summary>Reads one entry of a table batch; <paramref name="at"/> is the offset of its type byte.</summary>
    public delegate void EntryReader(ref SpanReader r, long at);

    /// <summary>
    /// Walks a strings, stacks or CPU-samples batch: after its first byte, every entry must start with
    /// <paramref name="entryType"/> (else "expected <paramref name="what"/> event, got N", as Go says) and is read by
    /// <paramref name="read"/>.
    /// </summary>
    public void ForEachEntry(string file, byte entryType, string what, EntryReader read)
    {
        var r = new SpanReader(Data, DataOffset, file);
        r.ReadByte();
        while (!r.AtEnd)
        {
            var at = r.Position;
            var type = r.ReadByte();
            if (type != entryType)
            {
                throw r.ErrorAt(at, $"expected {what} event, got {type}");
            }

            read(ref r, at);
        }
    }

    /// <summary>
    /// The next batch of <paramref name="window"/>, or null at the end of the input or (Go 1.26) at the lone
    /// EndOfGeneration byte, which <paramref name="endOfGeneration"/> then says.
    /// </summary>
    public static TraceV2Batch? Read(StreamWindow window, int version, out bool endOfGeneration)
    {
        endOfGeneration = false;
        if (window.AtEnd())
        {
            return null;
        }

        var start = window.Position;
        var kind = window.Take(1, "a batch header").ReadByte();
        if (kind == TraceV2EventType.EndOfGeneration && version >= 1026)
        {
            endOfGeneration = true;
            return null;
        }

        var experimental = kind == TraceV2EventType.ExperimentalBatch && version >= 1023;
        if (kind != TraceV2EventType.EventBatch && !experimental)
        {
            throw InputFormatException.AtOffset(window.File, start, $"expected batch event, got event {kind}");
        }

        var experiment = experimental ? window.Take(1, "a batch's experiment").ReadByte() : (byte)0;
        var gen = ReadUvarint(window);
        var m = ReadUvarint(window);
        var time = ReadUvarint(window);
        var sizeAt = window.Position;
        var size = ReadUvarint(window);
        if (size > MaxSize)
        {
            throw InputFormatException.AtOffset(window.File, sizeAt, $"invalid batch size {size}, maximum is {MaxSize}");
        }

        var dataOffset = window.Position;
        var data = size == 0 ? [] : window.Take((long)size, "a batch").ReadBytes((int)size).ToArray();
        return new TraceV2Batch(gen, m, time, experiment, data, dataOffset);
    }

    private static ulong ReadUvarint(StreamWindow window)
    {
        var reader = window.Peek(10);
        var value = reader.ReadVarint();
        window.Advance(reader.Consumed);
        return value;
    }
}
