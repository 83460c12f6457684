using AllocScope.GcTrace;

namespace AllocScope.Report;

/// <summary>
/// A `GODEBUG=gctrace=1` log: the layout, the totals, the pacer's view and the cycle table (`allocscope gctrace`).
/// Heap sizes are MiB as the runtime prints them (it shifts by 20 and writes "MB").
/// </summary>
public sealed record GcTraceSection(GcTraceLog Log, GcTraceSummary Summary) : ReportSection
{
    /// <summary>The layout id ("1.18+"), or the ids joined by ", " when concatenated runs differ.</summary>
    public string LayoutId => string.Join(", ", Log.Layouts.Select(l => l.Id()));

    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>How a format renders the runtime's GC trace.</summary>
public interface IGcTraceSectionWriter<in TTarget>
{
    void Write(TTarget target, GcTraceSection section);
}
