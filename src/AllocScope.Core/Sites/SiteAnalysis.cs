using AllocScope.EscapeLog;
using AllocScope.Go;

namespace AllocScope.Sites;

/// <summary>What a report joins: weighted allocation stacks, the escape decisions, the source and which code is the user's.</summary>
public sealed record SiteAnalysisInput(
    AllocationStacks Stacks,
    CompilerLog? Escape,
    string? SourceRoot,
    string? ModulePath)
{
    /// <summary>Facts about the code (Go's type checker through the helper, or the tokens); null: the tokens.</summary>
    public ICodeFacts? Facts { get; init; }

    /// <summary>`go test -bench -benchmem` results of the profiled run: sites then say what they cost per op.</summary>
    public IReadOnlyList<Bench.BenchmarkResult> Benchmarks { get; init; } = [];

    /// <summary>Rank the tests', the benchmarks' set-up and the testing harness's own allocations too (else a note sums them up).</summary>
    public bool IncludeTests { get; init; }

    /// <summary>How hard the GC worked in the profiled run (from its trace or gctrace): the lifecycle view needs it.</summary>
    public GcRun? Gc { get; init; }

    /// <summary>The -benchtime of the profiled run (`200x` makes the ops known, so timed and untimed allocation split).</summary>
    public string? BenchTime { get; init; }

    /// <summary>`go env GOROOT`, to read the standard library's statements inside library rows; null: not read.</summary>
    public string? GoRoot { get; init; }
}

/// <summary>The ranked sites of one analysis, what their values count, and how far the numbers can be trusted.</summary>
public sealed record SiteAnalysisResult(
    string SampleType,
    string Unit,
    StackPrecision Precision,
    long Total,
    IReadOnlyList<AllocationSite> Sites,
    IReadOnlyList<string> Notes)
{
    /// <summary>Value of the rows not ranked by default, per scope (tests, set-up, harness); empty when they were ranked.</summary>
    public IReadOnlyDictionary<SiteScope, long> Hidden { get; init; } = new Dictionary<SiteScope, long>();

    /// <summary>The benchmarks beside the profile, when their output was given.</summary>
    public BenchmarkWorkload? Workload { get; init; }

    /// <summary>GC cycles per site, when the run's trace or gctrace was given.</summary>
    public AllocationLifecycle? Lifecycle { get; init; }
}

/// <summary>Runs the join over weighted stacks and says how far its numbers can be trusted.</summary>
public static class SiteAnalysis
{
    public static SiteAnalysisResult Run(SiteAnalysisInput input)
    {
        var stacks = input.Stacks;
        var samples = stacks.Samples as IReadOnlyList<AllocationSample> ?? [.. stacks.Samples];
        var notes = new List<string>();
        var module = input.ModulePath;
        if (module is not null)
        {
            notes.Add($"allocations are attributed to the first frame in module {module}");
        }
        else if (ModuleInference.Infer(input.SourceRoot, samples) is { } inferred)
        {
            module = inferred.Path;
            notes.Add($"allocations are attributed to the first frame in {module} (from {inferred.How}; --module sets another)");
        }

        var tree = new GoSourceTree(input.SourceRoot);
        notes.AddRange(tree.Skipped.Select(s => $"source walk: {s}"));
        var facts = input.Facts ?? new TokenFacts(tree);
        var options = new SiteOptions(new ModuleMatcher(module), tree, input.Escape) { Facts = facts, GoRoot = input.GoRoot, Benchmarks = input.Benchmarks };
        var timers = BenchmarkTimers.For(samples, options); // asks Go only when benchmark files are on the stacks
        options = options with { Timers = timers };
        var sites = SiteBuilder.Build(samples, options, out var truncated);
        var total = sites.Sum(s => s.Value);
        var allocated = sites.Sum(s => s.Bytes);
        var hidden = new Dictionary<SiteScope, long>();
        if (!input.IncludeTests)
        {
            notes.AddRange(ScaffoldingNotes(sites, total));
            foreach (var group in sites.Where(s => s.Scope != SiteScope.Code).GroupBy(s => s.Scope))
            {
                hidden[group.Key] = group.Sum(s => s.Value);
            }

            sites = [.. sites.Where(s => s.Scope == SiteScope.Code)];
        }

        notes.Add(stacks.Precision.IsExact
            ? "memprofilerate 1: every allocation is recorded, except tiny (<16 B, pointer-free) objects packed into an already-counted 16-byte block"
            : $"sampled profile (one sample per {stacks.Precision.SamplingRate} bytes on average): objects and bytes are pprof's unsampled estimates");
        notes.Add($"code facts from {facts.Description}");
        if (truncated > 0)
        {
            notes.Add($"{Share(truncated, total)} of the value comes from stacks the runtime cut at {GoVersions.MemProfileStackDepth(GoVersions.Reference)} frames "
                + "(deep recursion): their root frames are missing; those rows are marked and attributed by the frames that remain");
        }

        if (input.Escape is null)
        {
            notes.Add("no escape log given: kinds come from profile frames and the code only, reasons are unknown");
        }

        if (input.SourceRoot is null)
        {
            notes.Add("no source directory given: statements are not shown and map growth cannot be traced to its make");
        }

        var workload = BenchmarkWorkload.From(samples, input.Benchmarks, timers, input.BenchTime);
        if (workload?.Note is { } workloadNote)
        {
            notes.Add(workloadNote);
        }

        var lifecycle = input.Gc is { } gc ? AllocationLifecycle.Of(gc, allocated, sites) : null;
        return new SiteAnalysisResult(stacks.SampleType, stacks.Unit, stacks.Precision, total, sites, notes) { Hidden = hidden, Workload = workload, Lifecycle = lifecycle };
    }

    /// <summary>How much the tests and the harness allocated, said once rather than ranked among the code's sites.</summary>
    private static IEnumerable<string> ScaffoldingNotes(List<AllocationSite> sites, long total)
    {
        var test = sites.Where(s => s.Scope == SiteScope.Test).ToList();
        var setUp = sites.Where(s => s.Scope == SiteScope.SetUp).ToList();
        var harness = sites.Where(s => s.Scope == SiteScope.Harness).ToList();
        if (test.Count > 0)
        {
            yield return $"{Share(test.Sum(s => s.Value), total)} of the value ({test.Count} sites) is allocated on lines of _test.go files "
                + "(benchmark input and test set-up) and is not ranked; --show-harness ranks it";
        }

        if (setUp.Count > 0)
        {
            yield return $"{Share(setUp.Sum(s => s.Value), total)} of the value ({setUp.Count} sites) is the code called by benchmarks with the timer stopped "
                + "(before b.ResetTimer, between b.StopTimer and b.StartTimer): in the profile, not in B/op; not ranked; --show-harness ranks it as set-up rows";
        }

        if (harness.Count > 0)
        {
            yield return $"{Share(harness.Sum(s => s.Value), total)} of the value ({harness.Count} sites) is the testing harness's own "
                + "(no frame of the code under study: testing.* or the runtime's own work in a test binary) and is not ranked; --show-harness ranks it";
        }
    }

    private static string Share(long part, long total) =>
        total == 0 ? "0%" : part > 0 && part * 1000 < total ? "<0.1%" : (100.0 * part / total).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
