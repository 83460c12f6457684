namespace AllocScope.EscapeLog;

/// <summary>Whether a <see cref="FlowStep"/> is an assignment edge (`flow: dst = src:`) or the note explaining it.</summary>
public enum FlowStepKind
{
    /// <summary>`from WHERE (TAG) at POS`: one step of how the value moves, with the compiler's tag.</summary>
    From,

    /// <summary>`flow: DST = SRC:` (or `DST ← SRC`): the value flows from SRC into DST; Text is `DST = SRC` as printed.</summary>
    Edge,

    /// <summary>`warning: truncated explanation due to assignment cycle`.</summary>
    Warning,
}

/// <summary>
/// One line of the compiler's explanation of why a value reaches the heap, in order. For <see cref="FlowStepKind.From"/>
/// steps <see cref="Text"/> is the expression or statement and <see cref="Tag"/> the reason in parentheses (`assign`,
/// `return`, `interface-converted`, `too large for stack`, ...); edges have no tag. The position is where that step
/// happens (for an edge: its first note, as in the -json=0 log); File is as printed.
/// </summary>
/// <remarks>A struct: a -m=2 log has millions of steps, and one array per explanation is far cheaper for the GC than an object per step.</remarks>
public readonly record struct FlowStep(string Text, string? Tag, string File, int Line, int Column)
{
    /// <summary>From (the default), Edge or Warning.</summary>
    public FlowStepKind Kind { get; init; }

    /// <summary>For an edge: the destination location (`{heap}`, `~r0`, `{storage for X}`, a variable), else null.</summary>
    public string? Destination => Kind == FlowStepKind.Edge ? SplitEdge().Destination : null;

    /// <summary>For an edge: the source with its `&amp;`/`*` operators, else null.</summary>
    public string? Source => Kind == FlowStepKind.Edge ? SplitEdge().Source : null;

    private (string Destination, string Source) SplitEdge()
    {
        var arrow = Text.IndexOf(" = ", StringComparison.Ordinal);
        var width = 3;
        var unicodeArrow = Text.IndexOf(" \u2190 ", StringComparison.Ordinal);
        if (arrow < 0 || (unicodeArrow >= 0 && unicodeArrow < arrow))
        {
            arrow = unicodeArrow;
        }

        return arrow < 0 ? (Text, "") : (Text[..arrow], Text[(arrow + width)..]);
    }
}
