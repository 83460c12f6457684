using AllocScope.App.Inputs;
using AllocScope.Pprof;
using AllocScope.Sites;
using AllocScope.Toolchain;

namespace AllocScope.App.Services;

/// <summary>The files one site analysis joins: heap profiles, escape logs, the source, the binary, the module.</summary>
public sealed record SiteInputs(
    IReadOnlyList<string> Profiles,
    IReadOnlyList<string> EscapeLogs,
    string? Source = null,
    string? Binary = null,
    string? Module = null,
    string? SampleIndex = null)
{
    /// <summary>An escape log already parsed (analyze parses it while the compiler writes it); replaces <see cref="EscapeLogs"/>.</summary>
    public EscapeLog.CompilerLog? Log { get; init; }

    /// <summary>Rank the tests' and the testing harness's own allocations among the code's.</summary>
    public bool IncludeTests { get; init; }

    /// <summary>`go test -bench -benchmem` outputs of the profiled run: sites then say what they cost per op.</summary>
    public IReadOnlyList<string> BenchOutputs { get; init; } = [];

    /// <summary>The -benchtime of the profiled run (`200x`: timed and untimed allocation are split per benchmark).</summary>
    public string? BenchTime { get; init; }

    /// <summary>The profiled run's execution trace and GODEBUG=gctrace=1 output (either or both): the lifecycle view.</summary>
    public (string? Trace, string? GcTrace) Gc { get; init; }

    /// <summary>pprof's --focus, --ignore and --hide regular expressions, applied to the stacks before the join.</summary>
    public (string? Focus, string? Ignore, string? Hide) Filters { get; init; }

    /// <summary>A malformed --benchtime is a usage error, said the same by every command that takes it.</summary>
    internal static void CheckBenchTime(string? benchTime)
    {
        if (BenchmarkWorkload.IsMalformed(benchTime))
        {
            throw new UsageException($"--benchtime {benchTime}: expected Nx (a number of ops, like 200x) or a duration (1s)");
        }
    }

    /// <summary>Reads every file and runs the join.</summary>
    public SiteAnalysisResult Analyze(ServiceContext context)
    {
        if (Source is not null && !Directory.Exists(Source))
        {
            throw new UsageException($"--source {Source}: no such directory");
        }

        var profiles = Profiles.Select(p => ProfileFiles.ReadHeap(p, context)).ToList();
        if (Binary is not null)
        {
            var go = ToolLocator.RequireGo();
            foreach (var profile in profiles)
            {
                ProfileSymbolizer.Symbolize(profile, addresses => GoAddr2Line.Resolve(go, Binary, addresses));
            }
        }

        var escape = Log ?? EscapeLogFiles.ReadAll(EscapeLogs, Source, context);
        AllocationStacks stacks;
        try
        {
            stacks = ProfileStacks.From(profiles, SampleIndex);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var filter = new StackFilter(ProfileQuery.Compile(Filters.Focus, "--focus"), ProfileQuery.Compile(Filters.Ignore, "--ignore"), ProfileQuery.Compile(Filters.Hide, "--hide"));
        CheckBenchTime(BenchTime);

        stacks = stacks with { Samples = filter.Apply(stacks.Samples) };
        var installed = ToolLocator.FindGo();
        var facts = installed is null ? null : new GoFacts(installed, Source ?? Environment.CurrentDirectory, context.Cancellation);
        var goRoot = installed is null ? null : ToolLocator.GoRoot(installed);
        var result = SiteAnalysis.Run(new SiteAnalysisInput(stacks, escape, Source, Module) { Facts = facts, GoRoot = goRoot, IncludeTests = IncludeTests, Benchmarks = BenchmarkFiles.ReadAll(BenchOutputs, context), BenchTime = BenchTime, Gc = GcRuns.Read(Gc.Trace, Gc.GcTrace, context) });
        if (!filter.IsEmpty)
        {
            result = result with { Notes = [.. result.Notes, "--focus/--ignore/--hide applied: rows and total are of the stacks kept (pprof's meanings)"] };
        }

        if (facts?.Failure is { } failure)
        {
            // Say so rather than present token guesses as type-checked facts.
            result = result with { Notes = [.. result.Notes, $"the Go helper for code facts did not answer for every line (the statements' tokens were used there): {failure}"] };
        }

        return result;
    }
}

/// <summary>Turns a site analysis into the report every format renders.</summary>
public static class SiteReports
{
    public static ReportDocument Build(SiteAnalysisResult result, IEnumerable<string>? extraNotes = null) => new(
    [
        new SiteSummarySection(result.SampleType, result.Unit, result.Precision, result.Total) { Hidden = result.Hidden },
        new NotesSection([.. result.Notes, .. extraNotes ?? []]),
        .. result.Workload is { } workload ? [new BenchmarkWorkloadSection(workload)] : Array.Empty<ReportSection>(),
        .. result.Lifecycle is { } lifecycle ? [new LifecycleSection(lifecycle)] : Array.Empty<ReportSection>(),
        new SitesSection(result.Unit, result.Total, result.Sites),
    ]);
}
