using AllocScope.App.Hosting;
using AllocScope.App.Inputs;
using AllocScope.App.Rendering;
using AllocScope.Output;
using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Sites;

namespace AllocScope.App.Services;

/// <summary>What `diff` compares: rows of pprof's top (function or line) or allocation sites (by site id).</summary>
public enum DiffGranularity
{
    Function,
    Line,
    Site,
}

/// <summary>
/// Options of `allocscope diff`. By site, each side is a saved site report (an analyze folder or its sites.json) or
/// a profile joined with its own source and escape log (`Base*` default to the new side's).
/// </summary>
public sealed record DiffOptions(string Base, string New, ProfileQuery Query)
{
    public DiffGranularity By { get; init; } = DiffGranularity.Function;

    public string? Source { get; init; }

    public string? BaseSource { get; init; }

    public IReadOnlyList<string> EscapeLogs { get; init; } = [];

    public IReadOnlyList<string>? BaseEscapeLogs { get; init; }

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

        var bySite = options.By == DiffGranularity.Site || SavedSiteReports.IsSiteReport(options.Base) || SavedSiteReports.IsSiteReport(options.New);
        ReportSection section = bySite ? CompareSites(options, context) : CompareProfiles(options, context);
        var report = new ReportDocument([section]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);

        // Reporting is not gating: the gate command decides what a difference means.
        return ServiceResult.Success(report);
    }

    private static ProfileDiffSection CompareProfiles(DiffOptions options, ServiceContext context)
    {
        var query = options.Query with { By = options.By == DiffGranularity.Line ? TopGranularity.Line : TopGranularity.Function };
        var baseTop = query.Aggregate([options.Base], context);
        var newTop = query.Aggregate([options.New], context);
        if (baseTop.SampleType != newTop.SampleType)
        {
            throw new UsageException($"the profiles are not comparable: {baseTop.SampleType} vs {newTop.SampleType}");
        }

        return new ProfileDiffSection(new ProfileDiff(baseTop, newTop));
    }

    private static SiteDiffSection CompareSites(DiffOptions options, ServiceContext context)
    {
        var before = Sites(options.Base, options.BaseSource ?? options.Source, options.BaseEscapeLogs ?? options.EscapeLogs, options, context);
        var after = Sites(options.New, options.Source, options.EscapeLogs, options, context);
        if (before.SampleType != after.SampleType)
        {
            throw new UsageException($"the site reports are not comparable: ranked by {before.SampleType} vs {after.SampleType}");
        }

        return SiteDiff.Compare(before, after);
    }

    private static SiteAnalysisResult Sites(string path, string? source, IReadOnlyList<string> escape, DiffOptions options, ServiceContext context) =>
        SavedSiteReports.IsSiteReport(path)
            ? SavedSiteReports.Read(path)
            : new SiteInputs([path], escape, source, null, options.Module, options.Query.SampleIndex).Analyze(context);
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
