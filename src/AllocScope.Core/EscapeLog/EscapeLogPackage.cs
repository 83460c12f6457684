namespace AllocScope.EscapeLog;

/// <summary>Everything one `# package` section of a log produced, finished (functions assigned, classified).</summary>
public sealed class EscapeLogPackage
{
    /// <summary>The import path from the `# pkg` header (`[pkg.test]` suffix removed); empty when the log has no header.</summary>
    public required string Package { get; init; }

    public required IReadOnlyList<EscapeDecision> Decisions { get; init; }

    public required IReadOnlyList<InliningDecision> InliningDecisions { get; init; }

    public required IReadOnlyList<CompilerNote> Notes { get; init; }
}
