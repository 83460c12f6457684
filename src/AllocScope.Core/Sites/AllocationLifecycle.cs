namespace AllocScope.Sites;

/// <summary>
/// How hard the GC worked in a run, from its execution trace or its gctrace lines, whichever was given: the cycles,
/// how many were forced (runtime.GC), and the GOGC the goals imply when they can be inferred.
/// </summary>
public sealed record GcRun(string Source, long Cycles, long ForcedCycles, int? InferredGogc)
{
    /// <summary>Cycles the allocation pace started (the heap reached its goal): all but the forced ones.</summary>
    public long PacedCycles => Math.Max(0, Cycles - ForcedCycles);
}

/// <summary>A site's share of the run's GC cycles: its share of the bytes allocated, times the paced cycles.</summary>
public sealed record SiteGcShare(AllocationSite Site, double Cycles);

/// <summary>
/// The memory lifecycle in one view: allocation drives the pacer, so with the goal unchanged a site causes the paced
/// cycles in proportion to its bytes, and a fix that removes its bytes saves that share. Estimates, and said to be.
/// </summary>
public sealed record AllocationLifecycle(GcRun Run, long AllocatedBytes, IReadOnlyList<SiteGcShare> Sites, double FixesSaveCycles)
{
    public const int TopSites = 10;

    /// <summary>Bytes allocated per paced cycle (0 when there was none).</summary>
    public double BytesPerCycle => Run.PacedCycles == 0 ? 0 : (double)AllocatedBytes / Run.PacedCycles;

    public double TopSiteSavesCycles => Sites.Count == 0 ? 0 : Sites[0].Cycles;

    /// <summary>
    /// <paramref name="allocatedBytes"/> is every byte of the profile (hidden rows included: they drive the pacer
    /// too); <paramref name="ranked"/> the code's sites. A fix whose action is necessary or none-known saves nothing.
    /// </summary>
    public static AllocationLifecycle Of(GcRun run, long allocatedBytes, IReadOnlyList<AllocationSite> ranked)
    {
        double CyclesOf(AllocationSite s) => allocatedBytes == 0 ? 0 : (double)s.Bytes / allocatedBytes * run.PacedCycles;
        var shares = ranked.OrderByDescending(s => s.Bytes).Take(TopSites).Select(s => new SiteGcShare(s, CyclesOf(s))).ToList();
        var fixable = ranked.Where(s => s.Fix?.Id is { } action && action is not (FixAction.Necessary or FixAction.NoneKnown)).Sum(CyclesOf);
        return new AllocationLifecycle(run, allocatedBytes, shares, fixable);
    }
}
