using AllocScope.App.Inputs;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Sites;

namespace AllocScope.App.Services;

/// <summary>What `diff` compares: rows of pprof's top (function or line) or allocation sites (by site id).</summary>
public enum DiffGranularity
{
    Function,
    Line,
    Site,
}

/// <summary>One side of a diff: a profile or a saved site report, and (for a profile compared by site) its source and escape logs.</summary>
public sealed record DiffSide(string Path, string? Source = null, IReadOnlyList<string>? EscapeLogs = null);

/// <summary>
/// Options of `allocscope diff`. By site, each side is a saved site report (an analyze folder or its sites.json) or
/// a profile joined with its own source and escape log (the base side's default to the new side's).
/// </summary>
public sealed record DiffOptions(DiffSide Base, DiffSide New, ProfileQuery Query)
{
    public DiffGranularity By { get; init; } = DiffGranularity.Function;

    public string? Module { get; init; }

    public int Limit { get; init; }

    public ReportFormat Format { get; init; } = ReportFormat.Text;
}

/// <summary>What changed between two profiles or two site reports; new and vanished rows marked, never negative allocations.</summary>
public sealed class DiffService
{
    public ServiceResult Run(DiffOptions options, ServiceContext context)
    {
        if (options.Format == ReportFormat.Folded)
        {
            throw new UsageException("--format must be text, json or markdown for diff, not \"folded\"");
        }

        var bySite = options.By == DiffGranularity.Site || SavedSiteReports.IsSiteReport(options.Base.Path) || SavedSiteReports.IsSiteReport(options.New.Path);
        ReportSection section = bySite ? CompareSites(options, context) : CompareProfiles(options, context);
        var report = new ReportDocument([section]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);

        // Reporting is not gating: the gate command decides what a difference means.
        return ServiceResult.Success(report);
    }

    private static ProfileDiffSection CompareProfiles(DiffOptions options, ServiceContext context)
    {
        var query = options.Query with { By = options.By == DiffGranularity.Line ? TopGranularity.Line : TopGranularity.Function };
        var baseTop = query.Aggregate([options.Base.Path], context);
        var newTop = query.Aggregate([options.New.Path], context);
        if (baseTop.SampleType != newTop.SampleType)
        {
            throw new UsageException($"the profiles are not comparable: {baseTop.SampleType} vs {newTop.SampleType}");
        }

        try
        {
            return new ProfileDiffSection(new ProfileDiff(baseTop, newTop));
        }
        catch (OverflowException)
        {
            throw InputFormatException.Whole(options.New.Path,
                $"the difference of the {baseTop.SampleType?.Type ?? "sample"} values from {options.Base.Path} is more than a 64-bit integer holds");
        }
    }

    private static SiteDiffSection CompareSites(DiffOptions options, ServiceContext context)
    {
        var newSide = options.New;
        var baseSide = options.Base with
        {
            Source = options.Base.Source ?? newSide.Source,
            EscapeLogs = options.Base.EscapeLogs is { Count: > 0 } given ? given : newSide.EscapeLogs,
        };
        var before = Sites(baseSide, options, context);
        var after = Sites(newSide, options, context);
        if (before.SampleType != after.SampleType)
        {
            throw new UsageException($"the site reports are not comparable: ranked by {before.SampleType} vs {after.SampleType}");
        }

        return SiteDiff.Compare(before, after);
    }

    private static SiteAnalysisResult Sites(DiffSide side, DiffOptions options, ServiceContext context) =>
        SavedSiteReports.IsSiteReport(side.Path)
            ? SavedSiteReports.Read(side.Path)
            : new SiteInputs([side.Path], side.EscapeLogs ?? [], side.Source, null, options.Module, options.Query.SampleIndex).Analyze(context);
}

/// <summary>Two site analyses matched by <see cref="AllocationSite.Id"/>, largest change first.</summary>
public static class SiteDiff
{
    public static SiteDiffSection Compare(SiteAnalysisResult before, SiteAnalysisResult after)
    {
        var baseById = before.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var newById = after.Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var rows = new List<SiteDiffRow>();
        foreach (var (id, site) in newById)
        {
            var old = baseById.GetValueOrDefault(id);
            rows.Add(new SiteDiffRow(id, old, site, DiffStatuses.Of(old is not null, true, old?.Value ?? 0, site.Value)));
        }

        rows.AddRange(baseById.Where(kv => !newById.ContainsKey(kv.Key)).Select(kv => new SiteDiffRow(kv.Key, kv.Value, null, DiffStatus.Vanished)));
        var ordered = rows.OrderByDescending(r => Math.Abs(r.Delta))
            .ThenBy(r => r.Site.File, StringComparer.Ordinal).ThenBy(r => r.Site.Line).ThenBy(r => r.SiteId, StringComparer.Ordinal).ToList();
        return new SiteDiffSection(after.SampleType, after.Unit, before.Total, after.Total, ordered);
    }
}
