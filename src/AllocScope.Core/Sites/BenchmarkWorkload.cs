using System.Globalization;
using AllocScope.Bench;

namespace AllocScope.Sites;

/// <summary>
/// One benchmark function beside the profile: what `go test` said per op, what the profile holds under it, how much of
/// that ran with the timer stopped by the source (set-up lines), and, when the number of ops is known (-benchtime=Nx),
/// the timed part B/op × ops and the untimed rest.
/// </summary>
public sealed record BenchmarkWorkloadRow(string Benchmark, IReadOnlyList<BenchmarkResult> Results, long ProfileBytes, long ProfileObjects, long SetUpBytes)
{
    /// <summary>Operations run in all, when known: N of each run plus the one op of testing's first run1 (for N &gt; 1).</summary>
    public long? Ops { get; init; }

    /// <summary>B/op × ops summed over the function's result lines (what the timer counted), when the ops are known.</summary>
    public long? TimedBytes { get; init; }

    /// <summary>Profile bytes the timer did not count (≈ profile − timed), when the ops are known.</summary>
    public long? UntimedBytes => TimedBytes is { } timed ? ProfileBytes - timed : null;
}

/// <summary>The benchmarks of the profiled run, reconciled with the profile (see <see cref="BenchmarkWorkloadRow"/>).</summary>
public sealed record BenchmarkWorkload(IReadOnlyList<BenchmarkWorkloadRow> Rows, string? BenchTime, string? Note)
{
    /// <summary>
    /// Reconciles the result lines with the samples. <paramref name="benchTime"/> is the -benchtime the run used: only
    /// with `Nx` are the ops known (a time-based run tries growing N and the profile holds every try), and only when
    /// every result line ran that N.
    /// </summary>
    internal static BenchmarkWorkload? From(IReadOnlyList<AllocationSample> samples, IReadOnlyList<BenchmarkResult> results, BenchmarkTimers timers, string? benchTime)
    {
        if (results.Count == 0)
        {
            return null;
        }

        var profile = new Dictionary<string, (long Bytes, long Objects, long SetUp)>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            if (BenchmarkShares.BenchmarkOf(sample) is { } benchmark)
            {
                var p = profile.GetValueOrDefault(benchmark);
                profile[benchmark] = (checked(p.Bytes + sample.AllocBytes), checked(p.Objects + sample.AllocObjects),
                    checked(p.SetUp + (timers.IsUntimed(sample) ? sample.AllocBytes : 0)));
            }
        }

        var n = ParseTimes(benchTime);
        string? note = null;
        if (n is null)
        {
            note = benchTime is null
                ? "the number of ops is not known: run the benchmarks with --benchtime Nx to split the profile into timed (B/op × ops) and untimed allocation"
                : $"-benchtime {benchTime} is a duration: Go tried several b.N and the profile holds every try; run with --benchtime Nx to split timed from untimed allocation";
        }
        else if (results.FirstOrDefault(r => r.Iterations != n.Value * r.Runs) is { } odd)
        {
            note = $"{odd.Name} did not run {n}x ({odd.Iterations / Math.Max(1, odd.Runs)} ops): the output does not belong to -benchtime {benchTime}, so timed and untimed are not split";
            n = null;
        }

        var rows = new List<BenchmarkWorkloadRow>();
        foreach (var group in results.GroupBy(r => r.Function, StringComparer.Ordinal))
        {
            var lines = group.ToList();
            var p = profile.GetValueOrDefault(group.Key);
            var row = new BenchmarkWorkloadRow(group.Key, lines, p.Bytes, p.Objects, p.SetUp);
            if (n is { } each && lines.All(r => r.BytesPerOp is not null))
            {
                // testing runs b.N=1 first (run1) and, for N > 1, then N: N+1 ops per run, each counted by the profile.
                var perRun = each > 1 ? each + 1 : 1;
                var ops = lines.Sum(r => perRun * r.Runs);
                row = row with { Ops = ops, TimedBytes = (long)Math.Round(lines.Sum(r => r.BytesPerOp!.Value * perRun * r.Runs)) };
            }

            rows.Add(row);
        }

        return new BenchmarkWorkload(rows, benchTime, note);
    }

    /// <summary>A -benchtime that ends in x but is not a positive count (`0x`, `ax`) is a mistake, not a duration.</summary>
    public static bool IsMalformed(string? benchTime) => benchTime is not null && benchTime.EndsWith('x') && ParseTimes(benchTime) is null;

    /// <summary>`200x` → 200; anything else (a duration, nothing) → null.</summary>
    public static long? ParseTimes(string? benchTime) =>
        benchTime is { Length: > 1 } t && t[^1] == 'x' && long.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
