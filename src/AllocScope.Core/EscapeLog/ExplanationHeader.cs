namespace AllocScope.EscapeLog;

/// <summary>An explanation header (`X escapes to heap:`, `parameter p leaks to LOC with derefs=N:`) and the flow steps under it.</summary>
/// <remarks>A summary is read straight into its <see cref="EscapeDecision"/> (<see cref="DecisionAssembler"/> pairs them).</remarks>
internal sealed class ExplanationHeader(string file, int line, int column, string subject, string message, long sequence)
{
    private EscapeExplanation? _explanation;

    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>The expression, variable or parameter it is about.</summary>
    public string Subject { get; } = subject;

    /// <summary>The message as printed, without position ("" in a read that only counts).</summary>
    public string Text { get; } = message;

    /// <summary>Order in the package's output: headers pair only with summaries printed after them.</summary>
    public long Sequence { get; } = sequence;

    public bool IsParameter { get; init; }

    /// <summary>For a parameter leak: where it leaks to (`{heap}`, `~r0`).</summary>
    public string? Location { get; init; }

    public int Derefs { get; init; }

    /// <summary>The function Go 1.25+ names in the header, else null.</summary>
    public string? Function { get; init; }

    /// <summary>Paired with a summary (or claimed by a parameter's summary).</summary>
    public bool Claimed { get; set; }

    /// <summary>
    /// The explanation as reported, made once its steps are complete (<see cref="Complete"/>): by the reader that read the
    /// lines, so a range reader does this work on its own core rather than the thread that joins a package's parts.
    /// </summary>
    public EscapeExplanation Explanation => _explanation ??= Complete([], ExplanationFacts.None);

    /// <summary>Ends the header with its steps and what classification reads of them.</summary>
    /// <param name="steps">The flow steps (none in a read that only counts).</param>
    /// <param name="facts">What classification reads of the steps.</param>
    /// <param name="alike">Where a read that only counts shares explanations that say the same; null to make a new one.</param>
    public EscapeExplanation Complete(FlowStep[] steps, ExplanationFacts facts, AlikeExplanations? alike = null) =>
        _explanation = alike is not null && steps.Length == 0 && facts.Captures.Count == 0
            ? alike.Get(Text, Location, Function, IsParameter ? Derefs : null, facts)
            : new(Text, steps, Location) { Function = Function, Derefs = IsParameter ? Derefs : null, Facts = facts };
}
