namespace AllocScope.EscapeLog;

/// <summary>What explanation headers and summaries share: where the compiler printed them, about what, and in which order.</summary>
internal abstract class PositionedMessage(string file, int line, int column, string subject, string message, long sequence)
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Subject { get; } = subject;

    /// <summary>The message as printed, without position.</summary>
    public string Text { get; } = message;

    /// <summary>Order in the package's output: headers pair only with summaries printed after them.</summary>
    public long Sequence { get; } = sequence;
}

/// <summary>An explanation header (`X escapes to heap:`, `parameter p leaks to LOC with derefs=N:`) and the flow steps under it.</summary>
internal sealed class ExplanationHeader(string file, int line, int column, string subject, string message, long sequence)
    : PositionedMessage(file, line, column, subject, message, sequence)
{
    public bool IsParameter { get; init; }

    /// <summary>For a parameter leak: where it leaks to (`{heap}`, `~r0`).</summary>
    public string? Location { get; init; }

    public int Derefs { get; init; }

    /// <summary>The function Go 1.25+ names in the header, else null.</summary>
    public string? Function { get; init; }

    public FlowStep[] Steps { get; set; } = [];

    /// <summary>What classification reads of the steps (gathered even when the steps are not kept).</summary>
    public ExplanationFacts Facts { get; set; } = ExplanationFacts.None;

    /// <summary>Paired with a summary (or claimed by a parameter's summary).</summary>
    public bool Claimed { get; set; }

    public EscapeExplanation ToExplanation() =>
        new(Text, Steps, Location) { Function = Function, Derefs = IsParameter ? Derefs : null, Facts = Facts };
}

/// <summary>A summary message: the decision, with the explanation headers it pairs with.</summary>
internal sealed class DecisionSummary(string file, int line, int column, string subject, EscapeVerdict verdict, string message, long sequence)
    : PositionedMessage(file, line, column, subject, message, sequence)
{
    public EscapeVerdict Verdict { get; } = verdict;

    public string? Result { get; init; }

    public int? Derefs { get; init; }

    public List<ExplanationHeader> Headers { get; } = [];
}
