using AllocScope.EscapeLog;
using AllocScope.Go;

namespace AllocScope.Sites;

/// <summary>What a report joins: weighted allocation stacks, the escape decisions, the source and which code is the user's.</summary>
public sealed record SiteAnalysisInput(
    AllocationStacks Stacks,
    CompilerLog? Escape,
    string? SourceRoot,
    string? ModulePath);

/// <summary>The ranked sites of one analysis, what their values count, and how far the numbers can be trusted.</summary>
public sealed record SiteAnalysisResult(
    string SampleType,
    string Unit,
    StackPrecision Precision,
    long Total,
    IReadOnlyList<AllocationSite> Sites,
    IReadOnlyList<string> Notes);

/// <summary>Runs the join over weighted stacks and says how far its numbers can be trusted.</summary>
public static class SiteAnalysis
{
    public static SiteAnalysisResult Run(SiteAnalysisInput input)
    {
        var stacks = input.Stacks;
        var module = input.ModulePath ?? ModuleMatcher.ReadModulePath(input.SourceRoot);
        var options = new SiteOptions(new ModuleMatcher(module), new GoSourceTree(input.SourceRoot), input.Escape);
        var sites = SiteBuilder.Build(stacks.Samples, options, out var truncated);
        var total = sites.Sum(s => s.Value);
        var notes = new List<string>();
        if (module is not null)
        {
            notes.Add($"allocations are attributed to the first frame in module {module}");
        }

        notes.Add(stacks.Precision.IsExact
            ? "memprofilerate 1: every allocation is recorded, except tiny (<16 B, pointer-free) objects packed into an already-counted 16-byte block"
            : $"sampled profile (one sample per {stacks.Precision.SamplingRate} bytes on average): objects and bytes are pprof's unsampled estimates");

        if (truncated > 0)
        {
            notes.Add($"{truncated} samples without a frame of the user's code have stacks as deep as the runtime records ({GoVersions.MemProfileStackDepth(GoVersions.Reference)} frames before Go 1.23): their root, perhaps the user's caller, may be cut");
        }

        if (input.Escape is null)
        {
            notes.Add("no escape log given: kinds come from profile frames and source text only, reasons are unknown");
        }

        if (input.SourceRoot is null)
        {
            notes.Add("no source directory given: statements are not shown and map growth cannot be traced to its make");
        }

        return new SiteAnalysisResult(stacks.SampleType, stacks.Unit, stacks.Precision, total, sites, notes);
    }
}
