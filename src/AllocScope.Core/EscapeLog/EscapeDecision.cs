using AllocScope.Taxonomy;

namespace AllocScope.EscapeLog;

/// <summary>
/// One escape-analysis decision: a summary message (`moved to heap: x`, `make([]int, n) escapes to heap`,
/// `leaking param: p`, ...) together with the explanation blocks (-m=2) that the compiler printed for it.
/// </summary>
public sealed class EscapeDecision : LogEntry
{
    /// <summary>
    /// The enclosing function as the compiler prints it (`F`, `(*T).M`, `F.func1`), derived from the function
    /// declarations in the log (`can inline F`/`cannot inline F` sit at each declaration), from the Go source when it
    /// is readable, or from Go 1.25+ `in F`/`for F`; empty when it cannot be known.
    /// </summary>
    public string Function { get; set; } = "";

    /// <summary>The expression, variable or parameter the decision is about (`make([]int, n)`, `x`, `p`).</summary>
    public required string Expression { get; init; }

    public required EscapeVerdict Verdict { get; init; }

    /// <summary>For `leaking param: p to result r level=n`: the result (`~r0` or its name); else null.</summary>
    public string? Result { get; init; }

    /// <summary>For leaking parameters: `level=n` or the explanation's `derefs=n`; else null.</summary>
    public int? Derefs { get; init; }

    /// <summary>True when the value itself is allocated on the heap (escapes to heap / moved to heap).</summary>
    public bool Escapes => Verdict.ReachesHeap();

    /// <summary>What kind of allocation this is (meaningful for allocating expressions; see <see cref="EscapeClassifier"/>).</summary>
    public AllocationKind Kind { get; set; }

    /// <summary>Why it is on the heap (from the flow tags); <see cref="EscapeReason.Unknown"/> for stack decisions.</summary>
    public EscapeReason Reason { get; set; }

    /// <summary>The explanation blocks (-m=2 and -json=0 only; none with -m=1), in the order printed.</summary>
    public IReadOnlyList<EscapeExplanation> Explanations
    {
        get => _explanations;
        init => _explanations = value;
    }

    /// <summary>Order in the package's log (the reader pairs a summary with the explanations printed before it).</summary>
    internal long Sequence { get; init; }

    /// <summary>Gives a summary read from a log the explanations paired with it (<see cref="DecisionAssembler"/>).</summary>
    internal void Pair(EscapeExplanation[] explanations)
    {
        _explanations = explanations;
        _flow = null;
    }

    /// <summary>All explanation steps in order (the flow chain a user reads as "why").</summary>
    public IReadOnlyList<FlowStep> Flow => _flow ??= Explanations.Count switch
    {
        0 => [],
        1 => Explanations[0].Steps,
        _ => Concat(Explanations),
    };

    // Sized once: std decisions with hundreds of explanation blocks made a growing list a third of `escape`'s time.
    private static FlowStep[] Concat(IReadOnlyList<EscapeExplanation> explanations)
    {
        var count = 0;
        foreach (var e in explanations)
        {
            count += e.Steps.Count;
        }

        var steps = new FlowStep[count];
        var at = 0;
        foreach (var e in explanations)
        {
            foreach (var step in e.Steps)
            {
                steps[at++] = step;
            }
        }

        return steps;
    }

    /// <summary>The summary message without position; empty for an explanation the compiler printed no summary for.</summary>
    public string Summary { get; init; } = "";

    /// <summary>`package.Function` when both are known.</summary>
    public string QualifiedFunction => Package.Length > 0 && Function.Length > 0 ? $"{Package}.{Function}" : Function;

    /// <summary>
    /// The log lines of this decision, as the compiler prints them with -m=2: each explanation header with its flow
    /// lines, then the summary. Rebuilt from the parsed parts (a -json=0 decision gets the equivalent text).
    /// </summary>
    public IEnumerable<string> Messages()
    {
        var position = Position;
        foreach (var explanation in Explanations)
        {
            yield return $"{position}: {explanation.Header}";
            foreach (var s in explanation.Steps)
            {
                yield return s.Kind switch
                {
                    FlowStepKind.Edge => $"{position}:   flow: {s.Text}:",
                    FlowStepKind.Warning => $"{position}:   {s.Text}",
                    _ => $"{position}:     from {s.Text} ({s.Tag}) at {SourcePosition.Format(s.File, s.Line, s.Column)}",
                };
            }
        }

        if (Summary.Length > 0)
        {
            yield return $"{position}: {Summary}";
        }
    }

    public override string ToString() => $"{Position}: {(Summary.Length > 0 ? Summary : Explanations.Count > 0 ? Explanations[0].Header : "")}";

    private IReadOnlyList<EscapeExplanation> _explanations = [];
    private IReadOnlyList<FlowStep>? _flow;
}
