namespace AllocScope.EscapeLog;

/// <summary>What a log held, counted: the summary line of `allocscope escape`, without the decisions themselves.</summary>
public sealed record EscapeLogCounts(string Source, long Lines, int Packages, long Decisions, long HeapDecisions, long InliningDecisions,
    UnrecognizedLines Unrecognized, long ForeignLineCount)
{
    public static EscapeLogCounts Of(CompilerLog log) => new(log.Source, log.Lines, log.Packages.Count, log.Decisions.Count,
        log.Decisions.Count(d => d.Escapes), log.InliningDecisions.Count, log.Unrecognized, log.ForeignLineCount);
}
