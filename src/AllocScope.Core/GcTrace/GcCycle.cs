namespace AllocScope.GcTrace;

/// <summary>The three print layouts of a gctrace line across Go releases (FORMAT.md beside this file).</summary>
public enum GcLayout : byte
{
    /// <summary>Go 1.5–1.6: five clock phases; Go 1.5 wrote the number as `gc #1`.</summary>
    Go15,

    /// <summary>Go 1.7–1.17: three clock phases, no stacks or globals.</summary>
    Go17,

    /// <summary>Go 1.18 and later: with `S MB stacks, G MB globals`.</summary>
    Go118,
}

public static class GcLayouts
{
    /// <summary>The id in outputs: "1.18+", "1.7-1.17", "1.5-1.6".</summary>
    public static string Id(this GcLayout layout) => layout switch
    {
        GcLayout.Go15 => "1.5-1.6",
        GcLayout.Go17 => "1.7-1.17",
        _ => "1.18+",
    };
}

/// <summary>
/// One `gc N @T s U%: ...` line: times in milliseconds as printed, heap sizes in MiB as printed (the runtime shifts by
/// 20 and labels them "MB"). A compact value (no references) so a long trace costs ~90 bytes per cycle.
/// </summary>
/// <param name="Number">The cycle number the runtime printed (memstats.numgc, 1-based).</param>
/// <param name="Run">Which run of a concatenated log the cycle belongs to (0-based; a new run starts where numbers go back or repeat).</param>
/// <param name="Line">The 1-based line of the input it was read from.</param>
/// <param name="StartSeconds">Seconds since the program started (millisecond resolution).</param>
/// <param name="CpuPercent">Cumulative share of CPU the GC used since the program started (whole percent).</param>
/// <param name="SweepTermMs">Stop-the-world sweep termination, wall clock.</param>
/// <param name="MarkMs">Concurrent mark, wall clock (Go 1.5–1.6: scan + synchronize Ps + mark).</param>
/// <param name="MarkTermMs">Stop-the-world mark termination, wall clock.</param>
/// <param name="AssistCpuMs">CPU time of mark assists (mutators made to help the GC).</param>
/// <param name="BackgroundCpuMs">CPU time of the dedicated and fractional background mark workers.</param>
/// <param name="IdleCpuMs">CPU time of idle mark workers.</param>
/// <param name="StacksMb">Stack memory scanned (Go 1.18+; -1 before).</param>
/// <param name="GlobalsMb">Globals scanned (Go 1.18+; -1 before).</param>
public readonly record struct GcCycle(
    int Number,
    int Run,
    long Line,
    double StartSeconds,
    int CpuPercent,
    double SweepTermMs,
    double MarkMs,
    double MarkTermMs,
    double AssistCpuMs,
    double BackgroundCpuMs,
    double IdleCpuMs,
    long HeapStartMb,
    long HeapEndMb,
    long HeapLiveMb,
    long GoalMb,
    int StacksMb,
    int GlobalsMb,
    int Procs,
    GcLayout Layout,
    bool Forced)
{
    /// <summary>The stop-the-world time of the cycle: sweep termination + mark termination.</summary>
    public double StwMs => SweepTermMs + MarkTermMs;

    public int? Stacks => StacksMb < 0 ? null : StacksMb;

    public int? Globals => GlobalsMb < 0 ? null : GlobalsMb;
}

/// <summary>
/// Everything a gctrace log held: the cycles in order and how many other lines were seen. <paramref name="CutLines"/> are
/// lines that start a gc line but do not finish one (program output cut into it, or a truncated last line);
/// <paramref name="SkippedLines"/> counts every line that is not a whole gc line (those included).
/// </summary>
public sealed record GcTraceLog(
    string File,
    IReadOnlyList<GcCycle> Cycles,
    long Lines,
    long SkippedLines,
    long InitLines,
    long ScavengerLines,
    long PacerLines,
    IReadOnlyList<(long Line, string Text)> CutLines,
    long CutLineCount,
    IReadOnlyList<long> RunStartLines)
{
    /// <summary>The layouts seen, in order of first appearance (one, unless runs of different Go versions were concatenated).</summary>
    public IReadOnlyList<GcLayout> Layouts { get; } = [.. Cycles.Select(c => c.Layout).Distinct()];

    public int Runs => RunStartLines.Count;
}
