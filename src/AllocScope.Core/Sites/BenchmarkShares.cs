using AllocScope.Bench;

namespace AllocScope.Sites;

/// <summary>
/// Per-operation figures of sites from benchmark output: how much of each site was allocated under which benchmark
/// function (the frame testing.(*B).runN called), and how many operations that benchmark ran, estimated as its
/// profile bytes over its B/op (Bench/README.md). The tests' own lines (set-up) are left out of a benchmark's bytes,
/// as B/op leaves out what happens before the timer starts.
/// </summary>
internal sealed class BenchmarkShares(IReadOnlyList<BenchmarkResult> results)
{
    private readonly Dictionary<(SiteBuilder.SiteKey Site, string Benchmark), (long Objects, long Bytes)> _shares = [];
    private readonly Dictionary<string, long> _bytes = new(StringComparer.Ordinal);

    public void Add(SiteBuilder.SiteKey key, AllocationSite site, AllocationSample sample)
    {
        if (results.Count == 0 || BenchmarkOf(sample) is not { } benchmark)
        {
            return;
        }

        var share = _shares.GetValueOrDefault((key, benchmark));
        _shares[(key, benchmark)] = (share.Objects + sample.AllocObjects, share.Bytes + sample.AllocBytes);
        if (site.Scope is not (SiteScope.Test or SiteScope.SetUp))
        {
            _bytes[benchmark] = _bytes.GetValueOrDefault(benchmark) + sample.AllocBytes;
        }
    }

    /// <summary>Sets each site's cost per op of the benchmark it allocated most under, where that benchmark's ops are known.</summary>
    public void Assign(IReadOnlyDictionary<SiteBuilder.SiteKey, AllocationSite> sites)
    {
        var byFunction = results.GroupBy(r => r.Function, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var group in _shares.GroupBy(kv => kv.Key.Site))
        {
            var best = group.MaxBy(kv => kv.Value.Bytes);
            var top = best.Key.Benchmark;
            var share = best.Value;
            var total = _bytes.GetValueOrDefault(top);

            // Sub-benchmarks share their function's frames: one result line per function, or no figure.
            if (!byFunction.TryGetValue(top, out var lines) || lines.Count != 1 || lines[0].BytesPerOp is not > 0 || total <= 0)
            {
                continue;
            }

            var ops = total / lines[0].BytesPerOp!.Value;
            sites[group.Key].PerOp = new PerOpCost(top, share.Objects / ops, share.Bytes / ops);
        }
    }

    /// <summary>
    /// The benchmark function a stack runs under (`BenchmarkRead`, also for its closures and for sub-benchmarks a helper
    /// runs with b.Run): the frame nearest testing.(*B).runN whose name starts with Benchmark; else the frame runN
    /// called; null when no benchmark ran it.
    /// </summary>
    internal static string? BenchmarkOf(AllocationSample sample)
    {
        var frames = sample.Frames;
        for (var i = 1; i < frames.Count; i++)
        {
            if (frames[i].Function == "testing.(*B).runN")
            {
                for (var j = i - 1; j >= 0; j--)
                {
                    if (LocalName(frames[j].Function) is { } name && name.StartsWith("Benchmark", StringComparison.Ordinal))
                    {
                        return name;
                    }
                }

                return LocalName(frames[i - 1].Function);
            }
        }

        return null;
    }

    /// <summary>`pkg.BenchmarkRead.func1` → `BenchmarkRead`: the top-level function of a package-qualified name.</summary>
    private static string LocalName(string function)
    {
        var local = function[(ModuleMatcher.PackageOf(function).Length + 1)..];
        var dot = local.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? local : local[..dot];
    }
}
