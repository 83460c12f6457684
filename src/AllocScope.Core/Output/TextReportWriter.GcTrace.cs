using System.Globalization;
using AllocScope.GcTrace;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>A GODEBUG=gctrace=1 log for a terminal: the summary lines, then one aligned row per cycle.</summary>
public sealed partial class TextReportWriter
{
    public void Write(TextTarget target, GcTraceSection section)
    {
        var (w, log) = (target.Out, section.Log);
        w.WriteLine($"GC trace {log.File}: Go layout {section.LayoutId}");
        w.WriteLines(GcTracePhrases.Summary(section), line => line);
        var cycles = target.Options.Take(log.Cycles.Select((c, i) => (c, i))).ToList();
        w.WriteBlockHeading(cycles.Count < log.Cycles.Count ? $"Cycles (the first {cycles.Count} of {log.Cycles.Count}):" : "Cycles:");
        var runs = log.Runs > 1;
        w.WriteLine($"{(runs ? "run " : "")}{"N",6} {"start s",9} {"STW sweep ms",12} {"mark ms",9} {"STW mark-term ms",16} {"assist ms",9}  {"heap before->after->live MiB",-28} {"goal MiB",8} {"goal/live",9}  forced");
        w.WriteLines(cycles, row =>
        {
            var (c, i) = row;
            var heap = $"{c.HeapStartMb}->{c.HeapEndMb}->{c.HeapLiveMb}";
            var ratio = GcTraceSummary.GoalLiveRatio(log.Cycles, i) is { } r ? r.ToString("F2", s_inv) : "-";
            return $"{(runs ? $"{c.Run + 1,3} " : "")}{c.Number,6} {c.StartSeconds.ToString("F3", s_inv),9} {GcTracePhrases.Ms(c.SweepTermMs),12} {GcTracePhrases.Ms(c.MarkMs),9} {GcTracePhrases.Ms(c.MarkTermMs),16} {GcTracePhrases.Ms(c.AssistCpuMs),9}  {heap,-28} {c.GoalMb,8} {ratio,9}  {(c.Forced ? "forced" : "")}".TrimEnd();
        });
    }
}

/// <summary>The sentences of a gc trace summary, shared by the text and markdown writers.</summary>
internal static class GcTracePhrases
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Milliseconds as the runtime prints them: up to three decimals, no trailing zeros.</summary>
    public static string Ms(double ms) => Math.Round(ms, 3).ToString("0.###", s_inv);

    public static IEnumerable<string> Summary(GcTraceSection section)
    {
        var (log, s) = (section.Log, section.Summary);
        yield return "Heap sizes are MiB, as the runtime prints them (it shifts bytes by 20 and writes \"MB\").";
        yield return $"Cycles: {s.GcCount} ({s.ForcedCount} forced by runtime.GC or debug.FreeOSMemory, {s.PacedCount} started by the pacer or the 2-minute timer)"
            + (s.MissingCycles > 0 ? $"; {s.MissingCycles} cycle numbers missing (lines cut by program output, or not captured)" : "");
        yield return $"Stop-the-world per cycle (sweep termination + mark termination): total {Ms(s.StwTotalMs)} ms, max {Ms(s.StwMaxMs)} ms, "
            + $"p50 {Ms(s.PauseP50Ms)} ms, p99 {Ms(s.PauseP99Ms)} ms (nearest rank over the per-cycle sums)";
        yield return $"Span: {s.SpanSeconds.ToString("F3", s_inv)} s from the first cycle's start to the last's"
            + (log.Runs > 1 ? " (within each run, summed)" : "") + $"; GC CPU {s.CpuPercent}% (cumulative since the program started, from the last line)";
        yield return s.AllocRateMbPerSecond is { } rate
            ? $"Allocation rate: {Rate(rate)} MiB/s between cycles, peak {Rate(s.AllocRatePeakMbPerSecond ?? 0)} MiB/s (heap at a cycle's start minus the live heap the cycle before left, over the time between their starts)"
            : "Allocation rate: not known (fewer than two cycles at different times)";
        yield return s.InferredGogc is { } gogc
            ? $"Pacer: GOGC ≈ {gogc} (inferred, not read from the program: the median of (goal − live) / (live + stacks + globals) × 100 over {s.InferredFromCycles} cycles whose previous live heap was at least {GcTraceSummary.GogcMinimumLiveMb} MiB, rounded to 5)"
            : $"Pacer: GOGC not inferred (no cycle followed a live heap of at least {GcTraceSummary.GogcMinimumLiveMb} MiB; below that the 4 MiB minimum goal and MiB rounding decide the goal)";
        yield return s.OvershootCount == 0
            ? "Heap over its goal at a cycle's start (before > goal): none"
            : $"Heap over its goal at a cycle's start (before > goal): {s.OvershootCount} cycle{(s.OvershootCount == 1 ? "" : "s")}: {string.Join(", ", s.OvershootCycles)}{(s.OvershootCount > s.OvershootCycles.Count ? ", …" : "")}";
        yield return $"Lines: {log.Lines} read; {s.GcCount} gc lines, {log.InitLines} inittrace, {log.ScavengerLines} scavenger, {log.PacerLines} pacer; "
            + $"{log.SkippedLines} skipped (program output{(log.CutLineCount > 0 ? $", {log.CutLineCount} of them gc lines cut by program output or truncated" : "")})";
        foreach (var (line, text) in log.CutLines)
        {
            yield return $"  cut gc line {line}: {text}";
        }

        if (log.Runs > 1)
        {
            yield return $"{log.Runs} runs concatenated: cycle numbers go back or repeat at lines {string.Join(", ", log.RunStartLines.Skip(1))}; span and rates are taken within each run";
        }
    }

    private static string Rate(double mbPerSecond) => mbPerSecond.ToString(mbPerSecond >= 100 ? "F0" : "F1", s_inv);
}
