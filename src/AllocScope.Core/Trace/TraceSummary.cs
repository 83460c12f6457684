namespace AllocScope.Trace;

/// <summary>A stop-the-world pause: when, how long, and why (the trace's STW kind).</summary>
public sealed record StwPause(long StartNs, long EndNs, string Kind)
{
    public long DurationNs => EndNs - StartNs;
}

/// <summary>One GC cycle of a trace: GCStart to GCDone, its pauses, mark assists, and the heap around it.</summary>
public sealed record GcCycle(int Number, long StartNs, long EndNs, IReadOnlyList<StwPause> Pauses, long AssistNs, long HeapBefore, long HeapAfter, long HeapGoal)
{
    public long StwNs => Pauses.Sum(p => p.DurationNs);
}

/// <summary>Time spent in mark assists by the code that allocated (the first frame outside the runtime).</summary>
public sealed record AssistPayer(string Function, int Assists, long Ns);

/// <summary>Heap live and goal at one moment (a HeapAlloc or HeapGoal event).</summary>
public readonly record struct HeapPoint(long Ns, long HeapAlloc, long HeapGoal);

/// <summary>
/// What a trace says about allocation and GC: the cycles, the pauses, the heap over time, the goroutines forced to
/// assist, and the totals (counts match `go tool trace -d`: every event it prints, every GoCreate, every GCStart).
/// </summary>
public sealed class TraceSummary
{
    public required string GoVersion { get; init; }

    /// <summary>`v1` (Go 1.5–1.21) or `v2` (Go 1.22 and later: generations).</summary>
    public required string Format { get; init; }

    public required long Events { get; init; }

    public required IReadOnlyDictionary<string, long> EventCounts { get; init; }

    public required long DurationNs { get; init; }

    public required long GoroutinesCreated { get; init; }

    /// <summary>Completed GC cycles (GCStart to GCDone); a cycle still running when tracing stopped is in <see cref="GcCount"/> only.</summary>
    public required IReadOnlyList<GcCycle> Cycles { get; init; }

    /// <summary>GCStart events: every cycle that began while tracing.</summary>
    public required long GcCount { get; init; }

    /// <summary>Cycles a program forced (runtime.GC or debug.FreeOSMemory on the GCStart stack), not the allocation pace.</summary>
    public long ForcedCount { get; init; }

    /// <summary>Every pause, in GC cycles or not (Go 1.21 traces also have non-GC stops: heap dumps, ReadMemStats, ...).</summary>
    public required IReadOnlyList<StwPause> Pauses { get; init; }

    public required long MaxHeapAlloc { get; init; }

    public required IReadOnlyList<AssistPayer> AssistPayers { get; init; }

    public bool HasSymbols { get; init; } = true;

    public long StwTotalNs => Pauses.Sum(p => p.DurationNs);

    public long StwMaxNs => Pauses.Count == 0 ? 0 : Pauses.Max(p => p.DurationNs);

    /// <summary>The pause below which <paramref name="percent"/>% of pauses are (nearest rank).</summary>
    public long PausePercentile(double percent)
    {
        if (Pauses.Count == 0)
        {
            return 0;
        }

        var sorted = Pauses.Select(p => p.DurationNs).Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Share of the trace's wall time with a GC cycle running (GCStart to GCDone).</summary>
    public double GcWallFraction => DurationNs == 0 ? 0 : (double)Cycles.Sum(c => c.EndNs - c.StartNs) / DurationNs;

    /// <summary>Bytes allocated per second between cycles: heap at the next start less heap after the last, over the time between (mean over gaps).</summary>
    public double? AllocationRate
    {
        get
        {
            var rates = new List<double>();
            for (var i = 1; i < Cycles.Count; i++)
            {
                var gap = Cycles[i].StartNs - Cycles[i - 1].EndNs;
                var grown = Cycles[i].HeapBefore - Cycles[i - 1].HeapAfter;
                if (gap > 0 && grown >= 0)
                {
                    rates.Add(grown * 1e9 / gap);
                }
            }

            return rates.Count == 0 ? null : rates.Average();
        }
    }
}
