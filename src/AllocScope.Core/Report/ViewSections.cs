using AllocScope.Pprof;
using AllocScope.Sites;
using ValueType = AllocScope.Pprof.ValueType;

namespace AllocScope.Report;

/// <summary>
/// Annotated source of the functions a regular expression matched, like `go tool pprof -list`, with the compiler's
/// decisions under each line. <paramref name="EscapeLog"/> names the log the notes come from (null: none given).
/// </summary>
public sealed record SourceListingSection(ValueType SampleType, long Total, IReadOnlyList<AnnotatedFunction> Functions, string? EscapeLog) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Callers and callees of the functions a regular expression matched, like `go tool pprof -peek`.</summary>
public sealed record PeekSection(ValueType SampleType, long Total, IReadOnlyList<GraphNode> Nodes) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Every node of the (trimmed) call graph with its callers and callees, like `go tool pprof -tree`; also its dot form.</summary>
public sealed record CallTreeSection(ValueType SampleType, long Total, CallTree Tree) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>How a format renders the pprof views (list, peek, tree).</summary>
public interface IViewSectionWriter<in TTarget>
{
    void Write(TTarget target, SourceListingSection section);

    void Write(TTarget target, PeekSection section);

    void Write(TTarget target, CallTreeSection section);
}
