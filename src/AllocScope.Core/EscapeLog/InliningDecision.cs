namespace AllocScope.EscapeLog;

/// <summary>Which inliner or devirtualizer message an <see cref="InliningDecision"/> is.</summary>
public enum InliningVerdict
{
    /// <summary>`can inline F` / `can inline F with cost N as: ...` (at F's declaration).</summary>
    CanInline,

    /// <summary>`cannot inline F: reason` (at F's declaration).</summary>
    CannotInline,

    /// <summary>`cannot inline F into G: repeated recursive cycle` (at the call), or a -json=0 `cannotInlineCall`.</summary>
    CannotInlineCall,

    /// <summary>`inlining call to F` (at the call).</summary>
    InliningCall,

    /// <summary>`devirtualizing x.M to T`.</summary>
    Devirtualizing,

    /// <summary>`partially devirtualizing x.M to T`.</summary>
    PartiallyDevirtualizing,

    /// <summary>`PGO devirtualizing interface call x.M to C` / `PGO devirtualizing function call f to C` (Go 1.21+).</summary>
    PgoDevirtualizing,
}

/// <summary>One inlining or devirtualization message.</summary>
public sealed class InliningDecision : LogEntry
{
    public required InliningVerdict Verdict { get; init; }

    /// <summary>The function the message is about (`F`, `(*T).M`, `fmt.Println`); for devirtualization the call (`x.M`).</summary>
    public required string Function { get; init; }

    /// <summary>`into G` for a call that cannot be inlined, `to T` for devirtualization; else null.</summary>
    public string? Target { get; init; }

    /// <summary>`with cost N` (or a -json=0 `cost: N`, or newer `with score N`); null when not printed.</summary>
    public int? Cost { get; init; }

    /// <summary>Why it cannot be inlined (`function too complex: cost 169 exceeds budget 80`, `marked go:noinline`, ...).</summary>
    public string? Reason { get; init; }

    /// <summary>The message as printed (without position).</summary>
    public required string Message { get; init; }

    /// <summary>True for messages printed at a function's declaration (can/cannot inline F).</summary>
    public bool IsAtDeclaration => IsDeclaration(Verdict);

    /// <summary>Whether a verdict is printed at the function's declaration (not at a call site).</summary>
    public static bool IsDeclaration(InliningVerdict verdict) => verdict is InliningVerdict.CanInline or InliningVerdict.CannotInline;

    public override string ToString() => $"{Position}: {Message}";
}
