using System.Globalization;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

/// <summary>The lifecycle view's wording, shared by text and markdown.</summary>
internal static class LifecyclePhrases
{
    public static string Cycles(double cycles) => cycles.ToString(cycles >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture);

    public static string Headline(AllocationLifecycle l) =>
        $"Memory lifecycle ({l.Run.Source}): {l.Run.Cycles} GC cycles ({l.Run.ForcedCycles} forced) while {Units.Bytes(l.AllocatedBytes)} were allocated: "
        + (l.Run.PacedCycles == 0 ? "no cycle came from the allocation pace" : $"one paced cycle per {Units.Bytes((long)l.BytesPerCycle)}")
        + $"; GOGC {(l.Run.InferredGogc is { } gogc ? $"≈{gogc} (inferred from the gctrace goals)" : "not inferable from these records")}; GOMEMLIMIT is not recorded in them";

    public static string Savings(AllocationLifecycle l) =>
        $"Estimates, the pacer's goal unchanged: fixing the top site saves ≈{Cycles(l.TopSiteSavesCycles)} of {l.Run.PacedCycles} paced cycles, every suggested fix together at most ≈{Cycles(l.FixesSaveCycles)} (if each removed all of its site's bytes)";

    public static string Row(SiteGcShare s) =>
        $"{Cycles(s.Cycles),6} cycles  {s.Site.Kind.Id(),-13} {Phrases.Location(s.Site)}  ({Units.Bytes(s.Site.Bytes)}{(s.Site.Fix is { } f ? $", fix {f.Id.Id()}" : string.Empty)})";
}
