using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>A CPU profile sample of a v2 trace: when (ns, once the generation's frequency is known), where, and its stack.</summary>
internal readonly record struct TraceV2CpuSample(long Time, ulong M, ulong P, ulong G, ulong Stack, long Offset);

/// <summary>
/// All of one generation of a v2 trace (Go's generation.go): the per-M event batches in the order the Ms first
/// appear, the tables, the CPU samples, the frequency that turns ticks into nanoseconds and the earliest batch time.
/// </summary>
internal sealed class TraceV2Generation
{
    public ulong Gen { get; set; }

    public Dictionary<ulong, List<TraceV2Batch>> Batches { get; } = [];

    public List<ulong> BatchMs { get; } = [];

    public List<TraceV2CpuSample> CpuSamples { get; } = [];

    public TraceV2Tables Tables { get; } = new();

    /// <summary>Nanoseconds per tick (Go's frequency type); 0 until the sync batch is read.</summary>
    public double NsPerTick { get; private set; }

    public ulong MinTs { get; set; }

    /// <summary>What this generation holds, charged to the memory budget and given back when it is done.</summary>
    public long Charged { get; set; }

    private bool _clockSnapshot;

    /// <summary>Go's frequency.mul: ticks to nanoseconds, through a float as Go computes it (never negative: a conversion out of range saturates).</summary>
    public long Ns(ulong ticks) => (long)(NsPerTick * ticks);

    /// <summary><paramref name="time"/> + <paramref name="delta"/> (both ≥ 0), held at the largest time instead of wrapping.</summary>
    public static long Later(long time, long delta) => time > long.MaxValue - delta ? long.MaxValue : time + delta;

    /// <summary>Files a batch by kind (Go's processBatch); returns the bytes it keeps.</summary>
    public long Add(TraceV2Batch b, int version, string file)
    {
        if (b.Is(TraceV2EventType.Strings))
        {
            return Tables.AddStrings(b, file);
        }

        if (b.Is(TraceV2EventType.Stacks))
        {
            return Tables.AddStacks(b, file);
        }

        if (b.Is(TraceV2EventType.CpuSamples))
        {
            AddCpuSamples(b, file);
            return b.Data.Length * 2L;
        }

        if (b.Is(version < 1025 ? TraceV2EventType.Frequency : TraceV2EventType.Sync))
        {
            AddSync(b, version, file);
            return 0;
        }

        if (b.Experiment != 0)
        {
            return 0; // experimental batches (Go 1.23+) carry data of their own format this summary does not use
        }

        if (!Batches.TryGetValue(b.M, out var list))
        {
            Batches[b.M] = list = [];
            BatchMs.Add(b.M);
        }

        list.Add(b);
        return b.Data.Length + 96L;
    }

    /// <summary>Once every batch is in: the frequency must be known, stacks name known strings, samples get times and order.</summary>
    public void Finish(string file, long offset)
    {
        if (NsPerTick == 0)
        {
            throw InputFormatException.AtOffset(file, offset, "no frequency event found");
        }

        Tables.Validate(file, offset);
        for (var i = 0; i < CpuSamples.Count; i++)
        {
            CpuSamples[i] = CpuSamples[i] with { Time = Ns((ulong)CpuSamples[i].Time) };
        }

        var sorted = CpuSamples.OrderBy(s => s.Time).ToList();
        CpuSamples.Clear();
        CpuSamples.AddRange(sorted);
    }

    private void AddCpuSamples(TraceV2Batch b, string file) =>
        b.ForEachEntry(file, TraceV2EventType.CpuSample, "CPU sample", (ref SpanReader r, long at) =>
        {
            var ts = r.ReadVarint();
            var m = r.ReadVarint();
            var p = r.ReadVarint();
            var g = r.ReadVarint();
            var stack = r.ReadVarint();
            CpuSamples.Add(new TraceV2CpuSample((long)ts, m, p, g == 0 ? TraceV2Order.None : g, stack, at));
        });

    /// <summary>
    /// The sync batch: before Go 1.25 a lone `Frequency freq`; from 1.25 `Sync` then one `Frequency` and (at most) one
    /// `ClockSnapshot dt mono sec nsec`. A generation has exactly one frequency.
    /// </summary>
    private void AddSync(TraceV2Batch b, int version, string file)
    {
        var r = new SpanReader(b.Data, b.DataOffset, file);
        if (version < 1025)
        {
            SetFrequency(ref r, b.DataOffset);
            return;
        }

        r.ReadByte();
        while (!r.AtEnd)
        {
            var at = r.Position;
            var type = r.ReadByte();
            switch (type)
            {
                case TraceV2EventType.Frequency:
                    SetFrequency(ref r, at);
                    break;
                case TraceV2EventType.ClockSnapshot:
                    if (_clockSnapshot)
                    {
                        throw r.ErrorAt(at, "found multiple clock snapshot events");
                    }

                    _clockSnapshot = true;
                    for (var i = 0; i < 4; i++)
                    {
                        r.ReadVarint();
                    }

                    break;
                default:
                    throw r.ErrorAt(at, $"unexpected event type {type} in sync batch");
            }
        }
    }

    private void SetFrequency(ref SpanReader r, long at)
    {
        r.ReadByte();
        var freq = r.ReadVarint();
        if (NsPerTick != 0)
        {
            throw r.ErrorAt(at, "found multiple frequency events");
        }

        if (freq == 0)
        {
            throw r.ErrorAt(at, "invalid frequency 0 ticks per second");
        }

        NsPerTick = 1.0 / (freq / 1e9);
    }
}
