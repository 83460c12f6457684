namespace AllocScope.EscapeLog;

/// <summary>Other recognised escape-analysis messages.</summary>
public enum CompilerNoteKind
{
    /// <summary>`F capturing by ref: v (addr=... assign=... width=N)` / `capturing by value` (-m=2).</summary>
    ClosureCapture,

    /// <summary>`F ignoring self-assignment in STMT` (-m=2).</summary>
    IgnoringSelfAssignment,

    /// <summary>Other -m optimizer messages: `index bounds check elided`, `failed to devirtualize x (OP)`.</summary>
    Optimization,

    /// <summary>Debug-only messages (-d=escapedebug, -d=closure, -d=defer, -d=wb, -live, ...): `using global for interface value`, `heap-allocated defer`, `write barrier`.</summary>
    Debug,
}

/// <summary>A recognised message that is neither an escape decision nor an inlining decision.</summary>
public sealed class CompilerNote : LogEntry
{
    public required CompilerNoteKind Kind { get; init; }

    /// <summary>The function the compiler names in the message (`F capturing ...`), else empty.</summary>
    public string Function { get; init; } = "";

    /// <summary>For a capture: the captured variable.</summary>
    public string? Variable { get; init; }

    /// <summary>For a capture: by reference (true) or by value (false).</summary>
    public bool? ByReference { get; init; }

    /// <summary>The message as printed (without position).</summary>
    public required string Message { get; init; }

    public override string ToString() => $"{Position}: {Message}";
}
