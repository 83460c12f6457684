namespace AllocScope.GcTrace;

/// <summary>
/// The totals and the pacer's view of a gc trace (FORMAT.md, "What the numbers mean"). Time spans and rates are taken
/// within a run only (a concatenated second run restarts the clock).
/// </summary>
public sealed record GcTraceSummary(
    int GcCount,
    int ForcedCount,
    double StwTotalMs,
    double StwMaxMs,
    double PauseP50Ms,
    double PauseP99Ms,
    int CpuPercent,
    double SpanSeconds,
    double? AllocRateMbPerSecond,
    double? AllocRatePeakMbPerSecond,
    int? InferredGogc,
    int InferredFromCycles,
    IReadOnlyList<int> OvershootCycles,
    int OvershootCount,
    long MissingCycles)
{
    /// <summary>Cycles whose previous live heap is at least this many MiB count for the inferred GOGC (MiB truncation and the 4 MiB minimum goal blur smaller heaps).</summary>
    public const int GogcMinimumLiveMb = 4;

    private const int KeptOvershoots = 20;

    /// <summary>Cycles started by the pacer (the heap reached its trigger) or by the 2-minute timer: every cycle not forced.</summary>
    public int PacedCount => GcCount - ForcedCount;

    public static GcTraceSummary Of(GcTraceLog log)
    {
        var cycles = log.Cycles;
        var pauses = cycles.Select(c => c.StwMs).Order().ToArray();
        double span = 0, allocated = 0, allocTime = 0;
        double? peak = null;
        long missing = 0;
        var ratios = new List<double>();
        var overshoots = new List<int>();
        var overshootCount = 0;
        for (var i = 0; i < cycles.Count; i++)
        {
            var c = cycles[i];
            if (c.HeapStartMb > c.GoalMb)
            {
                overshootCount++;
                if (overshoots.Count < KeptOvershoots)
                {
                    overshoots.Add(c.Number);
                }
            }

            if (i == 0 || cycles[i - 1].Run != c.Run)
            {
                continue;
            }

            var p = cycles[i - 1];
            missing += Math.Max(0, c.Number - p.Number - 1);
            var seconds = c.StartSeconds - p.StartSeconds;
            span += Math.Max(0, seconds);
            if (seconds > 0)
            {
                var mb = Math.Max(0, c.HeapStartMb - p.HeapLiveMb);
                allocated += mb;
                allocTime += seconds;
                peak = Math.Max(peak ?? 0, mb / seconds);
            }

            if (GoalLiveRatio(cycles, i) is { } && p.HeapLiveMb >= GogcMinimumLiveMb)
            {
                // goal = live + (live + stacks + globals) × GOGC/100 (Go 1.18+); live × (1 + GOGC/100) before.
                var scanned = p.HeapLiveMb + Math.Max(0, p.StacksMb) + Math.Max(0, p.GlobalsMb);
                ratios.Add((c.GoalMb - p.HeapLiveMb) * 100.0 / scanned);
            }
        }

        int? gogc = null;
        if (ratios.Count > 0)
        {
            ratios.Sort();
            var median = ratios.Count % 2 == 1 ? ratios[ratios.Count / 2] : (ratios[(ratios.Count / 2) - 1] + ratios[ratios.Count / 2]) / 2;
            gogc = Math.Max(0, (int)(Math.Round(median / 5) * 5));
        }

        return new GcTraceSummary(
            cycles.Count,
            cycles.Count(c => c.Forced),
            pauses.Sum(),
            pauses.Length == 0 ? 0 : pauses[^1],
            Percentile(pauses, 50),
            Percentile(pauses, 99),
            cycles.Count == 0 ? 0 : cycles[^1].CpuPercent,
            span,
            allocTime > 0 ? allocated / allocTime : null,
            peak,
            gogc,
            ratios.Count,
            overshoots,
            overshootCount,
            missing);
    }

    /// <summary>
    /// The heap goal of cycle <paramref name="i"/> over the live heap the cycle before left (the goal is set from it);
    /// null for a run's first cycle or a previous live heap of 0 MiB.
    /// </summary>
    public static double? GoalLiveRatio(IReadOnlyList<GcCycle> cycles, int i)
    {
        if (i == 0 || cycles[i - 1].Run != cycles[i].Run || cycles[i - 1].HeapLiveMb == 0)
        {
            return null;
        }

        return (double)cycles[i].GoalMb / cycles[i - 1].HeapLiveMb;
    }

    /// <summary>Nearest-rank percentile of sorted values (0 for none).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, int percent)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
