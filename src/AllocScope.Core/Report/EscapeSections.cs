using AllocScope.EscapeLog;

namespace AllocScope.Report;

/// <summary>What totals of escape decisions are grouped by.</summary>
public enum EscapeGrouping
{
    Reason,
    Kind,
    Package,
    File,
    Function,
}

/// <summary>What an escape log held: lines, packages, decisions, and lines not understood.</summary>
public sealed record EscapeSummarySection(EscapeLogCounts Log) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Decisions counted by a grouping key, most first.</summary>
public sealed record EscapeTotalsSection(EscapeGrouping By, bool HeapOnly, IReadOnlyList<(string Key, long Count)> Totals) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Escape decisions with their flows, in log order; enumerated once, while rendering (the std log has millions).</summary>
public sealed record EscapeDecisionsSection(bool HeapOnly, IEnumerable<EscapeDecision> Decisions) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Positioned lines of an unknown shape: how many, and the first few verbatim.</summary>
public sealed record UnrecognizedLinesSection(UnrecognizedLines Lines) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>Heap decisions that differ between two logs.</summary>
public sealed record EscapeDiffSection(string OldName, string NewName, IReadOnlyList<EscapeDifference> Differences) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}

/// <summary>How a format renders the escape-log sections.</summary>
public interface IEscapeSectionWriter<in TTarget>
{
    void Write(TTarget target, EscapeSummarySection section);

    void Write(TTarget target, EscapeTotalsSection section);

    void Write(TTarget target, EscapeDecisionsSection section);

    void Write(TTarget target, UnrecognizedLinesSection section);

    void Write(TTarget target, EscapeDiffSection section);
}
