namespace AllocScope.EscapeLog;

/// <summary>
/// One explanation block: the header the compiler prints when it finds a path to the heap (`x escapes to heap:` or
/// `parameter p leaks to {heap} with derefs=1:`, without position) and the flow steps under it.
/// </summary>
/// <param name="Header">The header message as printed.</param>
/// <param name="Steps">The `flow:` edges and `from ... at ...` notes, in order.</param>
/// <param name="Location">For a parameter leak: where it leaks to (`{heap}`, `~r0`); else null.</param>
public sealed record EscapeExplanation(string Header, IReadOnlyList<FlowStep> Steps, string? Location = null)
{
    /// <summary>The function named by Go 1.25+ headers (`... escapes to heap in F:`), else null.</summary>
    public string? Function { get; init; }

    /// <summary>For a parameter leak: the `derefs=n` of the header; else null.</summary>
    public int? Derefs { get; init; }

    /// <summary>What classification reads of the steps; kept when the steps are not (a read that only counts).</summary>
    internal ExplanationFacts Facts { get; init; } = ExplanationFacts.None;
}
