using AllocScope.Pprof;
using ValueType = AllocScope.Pprof.ValueType;

namespace AllocScope.Report;

/// <summary>Flat and cum per function or line, like `go tool pprof -top`.</summary>
public sealed record TopTableSection(ValueType SampleType, TopGranularity By, long Total, IReadOnlyList<TopRow> Rows) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Distinct stacks (root first) with their values: the input of flame graphs.</summary>
public sealed record StacksSection(TopGranularity By, IReadOnlyList<(IReadOnlyList<TopRow> Frames, long Value)> Stacks) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Two profiles compared per function or line.</summary>
public sealed record ProfileDiffSection(ProfileDiff Diff) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>How a format renders the profile sections.</summary>
public interface IProfileSectionWriter<in TTarget>
{
    void Write(TTarget target, TopTableSection section);

    void Write(TTarget target, StacksSection section);

    void Write(TTarget target, ProfileDiffSection section);
}
