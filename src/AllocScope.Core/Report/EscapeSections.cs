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
public sealed record EscapeSummarySection(CompilerLog Log) : ReportSection;

/// <summary>Decisions counted by a grouping key, most first.</summary>
public sealed record EscapeTotalsSection(EscapeGrouping By, bool HeapOnly, IReadOnlyList<(string Key, long Count)> Totals) : ReportSection;

/// <summary>Escape decisions with their flows, in log order; enumerated once, while rendering (the std log has millions).</summary>
public sealed record EscapeDecisionsSection(bool HeapOnly, IEnumerable<EscapeDecision> Decisions) : ReportSection;

/// <summary>Positioned lines of an unknown shape: how many, and the first few verbatim.</summary>
public sealed record UnrecognizedLinesSection(UnrecognizedLines Lines) : ReportSection;

/// <summary>Heap decisions that differ between two logs.</summary>
public sealed record EscapeDiffSection(string OldName, string NewName, IReadOnlyList<EscapeDifference> Differences) : ReportSection;
