using System.Runtime.CompilerServices;

namespace AllocScope.EscapeLog;

/// <summary>Recognises the other -m messages: closure captures, ignored self-assignments, optimizer notes, debug-flag output.</summary>
internal static class NoteMessage
{
    // Messages only -d=... debug flags print (Go 1.19 walk, ssagen, liveness, escape; newer escapedebug).
    private static readonly string[] s_debugPrefixes =
    [
        "using global for ", "using stack temporary for ", "rewriting OCONVIFACE value ", "rewriting closure variable ",
        "closure converted to global", "slice: omit slice operation", "heap closure, captured vars = ", "stack closure, captured vars = ",
        "write barrier", "stack object ", "generated nil check", "open-coded defer", "stack-allocated defer", "heap-allocated defer",
        "append: len-only update",
    ];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> message, out NoteParts parts)
    {
        var byRef = message.IndexOf(" capturing by ref: ");
        var byValue = message.IndexOf(" capturing by value: ");
        if (byRef > 0 || byValue > 0)
        {
            var at = byRef > 0 ? byRef : byValue;
            var rest = message[(at + (byRef > 0 ? " capturing by ref: ".Length : " capturing by value: ".Length))..];
            var space = rest.IndexOf(" (");
            parts = new NoteParts { Kind = CompilerNoteKind.ClosureCapture, Function = message[..at], Variable = space > 0 ? rest[..space] : rest, ByReference = byRef > 0 };
            return true;
        }

        var selfAssignment = message.IndexOf(" ignoring self-assignment in ");
        if (selfAssignment > 0)
        {
            parts = new NoteParts { Kind = CompilerNoteKind.IgnoringSelfAssignment, Function = message[..selfAssignment] };
            return true;
        }

        if (message.SequenceEqual("index bounds check elided") || message.StartsWith("failed to devirtualize "))
        {
            parts = new NoteParts { Kind = CompilerNoteKind.Optimization };
            return true;
        }

        foreach (var prefix in s_debugPrefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                parts = new NoteParts { Kind = CompilerNoteKind.Debug };
                return true;
            }
        }

        parts = default;
        return false;
    }
}

/// <summary>The parts of a compiler note, as spans of the message.</summary>
internal readonly ref struct NoteParts
{
    public CompilerNoteKind Kind { get; init; }

    public ReadOnlySpan<char> Function { get; init; }

    public ReadOnlySpan<char> Variable { get; init; }

    public bool? ByReference { get; init; }
}
