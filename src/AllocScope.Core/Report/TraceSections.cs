using AllocScope.Trace;

namespace AllocScope.Report;

/// <summary>When allocation hurts, from an execution trace: GC cycles, pauses, heap, and the goroutines that assisted.</summary>
public sealed record TraceSection(string File, TraceSummary Summary) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>How a format renders the trace sections.</summary>
public interface ITraceSectionWriter<in TTarget>
{
    void Write(TTarget target, TraceSection section);
}
