using AllocScope.EscapeLog;
using AllocScope.Report;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

/// <summary>The short phrases the text and markdown writers share, so both say a thing the same way.</summary>
internal static class Phrases
{
    /// <summary>`file:line:col` of a site (no column when unknown).</summary>
    public static string Location(AllocationSite site) =>
        site.Column > 0 ? $"{site.File}:{site.Line}:{site.Column}" : $"{site.File}:{site.Line}";

    public static string Inlined(AllocationSite site) =>
        site.InlinedInto.Count == 0 ? string.Empty : $" (inlined into {string.Join(", ", site.InlinedInto)})";

    /// <summary>A marker for rows of the tests or the harness (shown only with --include-tests).</summary>
    public static string Scope(AllocationSite site) => site.Scope switch
    {
        SiteScope.Test => " [test code]",
        SiteScope.Harness => " [testing harness]",
        _ => string.Empty,
    };

    /// <summary>The row's warning when Go cut some of its stacks at the depth limit, else null.</summary>
    public static string? Truncation(AllocationSite site, string unit) => site.TruncatedValue <= 0 ? null
        : $"truncated stacks: {Units.Value(unit, site.TruncatedValue)} of this row comes from stacks Go cut at its depth limit; attributed by the frames that are there";

    /// <summary>One statement inside a dependency that allocated part of a library row.</summary>
    public static string Allocator(Allocator a, string unit, long rowValue) =>
        $"{Units.Percent(a.Value, rowValue),6} {a.Kind.Id(),-13} {a.Function} {Path.GetFileName(a.File)}:{a.Line}{(a.AllocatedType is { Length: > 0 } t ? $" ({t})" : string.Empty)}";

    /// <summary>One explanation step as the compiler prints it, edges as `flow: ...` and notes indented under them.</summary>
    public static string Flow(FlowStep s) => s.Kind switch
    {
        FlowStepKind.Edge => $"flow: {s.Text}",
        FlowStepKind.Warning => s.Text,
        _ => $"  {s.Text} ({s.Tag}) at {SourcePosition.Format(s.File, s.Line, s.Column)}",
    };

    public static string Function(EscapeDecision d) => d.Function.Length > 0 ? d.Function : "?";

    public static string QualifiedFunction(EscapeDecision d) => d.QualifiedFunction.Length > 0 ? d.QualifiedFunction : "?";

    public static string Classification(EscapeDecision d) => d.Escapes ? $"{d.Kind.Id()} / {d.Reason.Id()}" : d.Verdict.Id();

    /// <summary>What an escape log held, as one sentence of counts.</summary>
    public static string Counts(EscapeLogCounts log) =>
        $"{log.Lines} lines, {log.Packages} packages, {log.Decisions} decisions ({log.HeapDecisions} on the heap), "
        + $"{log.InliningDecisions} inlining decisions, {log.Unrecognized.Count} unrecognized, {log.ForeignLineCount} other lines";

    public static string DecisionsBy(EscapeGrouping by, bool heapOnly) => $"{(heapOnly ? "heap decisions" : "decisions")} by {by.ToString().ToLowerInvariant()}";

    /// <summary>How many of a kind of change, as the escape diff's summary line counts them.</summary>
    public static string Change(EscapeChange change) => change switch
    {
        EscapeChange.NewlyOnHeap => "newly on the heap",
        EscapeChange.NoLongerOnHeap => "no longer on the heap",
        _ => "with a changed reason",
    };

    public static string ChangeHeading(EscapeChange change) => change == EscapeChange.ReasonChanged ? "reason changed" : Change(change);

    /// <summary>`kind / reason` of a difference, `kind / old -> new` when the reason changed.</summary>
    public static string Change(EscapeDifference difference, string arrow)
    {
        var d = difference.Decision;
        var reason = difference.Change == EscapeChange.ReasonChanged ? $"{difference.Old!.Reason.Id()}{arrow}{difference.New!.Reason.Id()}" : d.Reason.Id();
        return $"{d.Kind.Id()} / {reason}";
    }

    /// <summary>The text with its first letter in upper case (markdown headings).</summary>
    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
