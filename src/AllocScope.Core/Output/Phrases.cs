using AllocScope.EscapeLog;
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
}
