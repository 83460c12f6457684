namespace AllocScope.EscapeLog;

/// <summary>Everything one `# package` section of a log produced, finished (functions assigned, classified).</summary>
public sealed class EscapeLogPackage
{
    /// <summary>The import path from the `# pkg` header (`[pkg.test]` suffix removed); empty when the log has no header.</summary>
    public required string Package { get; init; }

    public required IReadOnlyList<EscapeDecision> Decisions { get; init; }

    /// <summary>The inlining decisions; a read that only counts (no detail kept) keeps only the declarations.</summary>
    public required IReadOnlyList<InliningDecision> InliningDecisions { get; init; }

    /// <summary>How many inlining decisions the package printed, kept or not.</summary>
    public int InliningCount => InliningDecisions.Count + UnkeptInlining;

    /// <summary>Inlining decisions counted but not kept (call sites, in a read that only counts).</summary>
    internal int UnkeptInlining { get; init; }

    public required IReadOnlyList<CompilerNote> Notes { get; init; }
}
