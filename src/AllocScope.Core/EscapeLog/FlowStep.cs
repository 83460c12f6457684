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
        var arrow = ArrowOf(Text, out var width);
        return arrow < 0 ? (Text, "") : (Text[..arrow], Text[(arrow + width)..]);
    }

    /// <summary>The destination of an edge's text (`DST = SRC` or `DST ← SRC`; all of it when there is no arrow).</summary>
    internal static ReadOnlySpan<char> DestinationOf(ReadOnlySpan<char> edge)
    {
        var arrow = ArrowOf(edge, out _);
        return arrow < 0 ? edge : edge[..arrow];
    }

    private static int ArrowOf(ReadOnlySpan<char> edge, out int width)
    {
        var arrow = edge.IndexOf(" = ");
        width = 3;
        var unicodeArrow = edge.IndexOf(" \u2190 ");
        if (arrow < 0 || (unicodeArrow >= 0 && unicodeArrow < arrow))
        {
            arrow = unicodeArrow;
        }

        return arrow;
    }
}
