using System.Globalization;
using AllocScope.Trace;

namespace AllocScope.Output;

/// <summary>The trace report's wording, shared by text and markdown.</summary>
internal static class TracePhrases
{
    public static string Ms(long ns) => (ns / 1e6).ToString(ns >= 10_000_000 ? "0.0" : "0.###", CultureInfo.InvariantCulture);

    public static string Headline(TraceSummary s) =>
        $"Go {s.GoVersion} trace format: {Units.Count(s.Events)} events over {Ms(s.DurationNs)} ms, {Units.Count(s.GoroutinesCreated)} goroutines created {(s.Format == "v2" ? "while tracing" : "(including those alive when tracing began)")}";

    public static string GcLine(TraceSummary s) =>
        $"GC: {s.GcCount} cycles started ({s.Cycles.Count} completed), running {(s.GcWallFraction * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the wall time; "
        + $"stop-the-world {Ms(s.StwTotalNs)} ms in {s.Pauses.Count} pauses (max {Ms(s.StwMaxNs)} ms, p50 {Ms(s.PausePercentile(50))} ms, p99 {Ms(s.PausePercentile(99))} ms)";

    public static string HeapLine(TraceSummary s) =>
        $"Heap: at most {Units.Bytes(s.MaxHeapAlloc)} live; allocation between cycles "
        + (s.AllocationRate is { } rate ? $"{Units.Bytes((long)rate)}/s on average" : "not measurable (fewer than two cycles)");

    public static string Pauses(GcCycle c) => string.Join(", ", c.Pauses.Select(p => $"{p.Kind} {Ms(p.DurationNs)}"));

    public static string Symbols(TraceSummary s) => s.HasSymbols ? string.Empty : " (a Go 1.5/1.6 trace has addresses only: give the binary to name them)";
}
