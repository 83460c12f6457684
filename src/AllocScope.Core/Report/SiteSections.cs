using AllocScope.Sites;

namespace AllocScope.Report;

/// <summary>What the allocation sites are ranked by and their total.</summary>
public sealed record SiteSummarySection(string SampleType, string Unit, StackPrecision Precision, long Total) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);

    /// <summary>Value of the rows not ranked (tests, benchmark set-up, harness) per scope; part of <see cref="Total"/>.</summary>
    public IReadOnlyDictionary<SiteScope, long> Hidden { get; init; } = new Dictionary<SiteScope, long>();

    public bool Exact => Precision.IsExact;
}

/// <summary>Each benchmark's B/op and allocs/op beside what the profile holds under it, timed and untimed.</summary>
public sealed record BenchmarkWorkloadSection(BenchmarkWorkload Workload) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>The memory lifecycle: GC cycles of the run per top site, and what fixes would save (estimates).</summary>
public sealed record LifecycleSection(AllocationLifecycle Lifecycle) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>The ranked allocation sites (value descending), with the unit and total their shares refer to.</summary>
public sealed record SitesSection(string Unit, long Total, IReadOnlyList<AllocationSite> Sites) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>One site in two site reports, matched by <see cref="AllocationSite.Id"/>.</summary>
public sealed record SiteDiffRow(string SiteId, AllocationSite? Base, AllocationSite? New, Pprof.DiffStatus Status)
{
    /// <summary>The site to show: the new one when there is one.</summary>
    public AllocationSite Site => New ?? Base!;

    public long BaseValue => Base?.Value ?? 0;

    public long NewValue => New?.Value ?? 0;

    public long Delta => NewValue - BaseValue;
}

/// <summary>Two site reports compared site by site (ids, not lines), largest change first.</summary>
public sealed record SiteDiffSection(string SampleType, string Unit, long BaseTotal, long NewTotal, IReadOnlyList<SiteDiffRow> Rows) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);

    public long TotalDelta => NewTotal - BaseTotal;
}

/// <summary>How a format renders the site sections.</summary>
public interface ISiteSectionWriter<in TTarget>
{
    void Write(TTarget target, SiteSummarySection section);

    void Write(TTarget target, BenchmarkWorkloadSection section);

    void Write(TTarget target, LifecycleSection section);

    void Write(TTarget target, SitesSection section);

    void Write(TTarget target, SiteDiffSection section);
}
