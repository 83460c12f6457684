using System.Runtime.CompilerServices;

namespace AllocScope.EscapeLog;

/// <summary>
/// Recognises a summary message: the compiler's decision about one expression, variable or parameter (`X escapes to
/// heap`, `moved to heap: x`, `leaking param: p to result ~r0 level=0`, ...). Pure, over spans.
/// </summary>
internal static class SummaryMessage
{
    // Summaries that are a fixed prefix and suffix around the subject, in the order they are tried.
    private static readonly (string Prefix, string Suffix, EscapeVerdict Verdict)[] s_framed =
    [
        ("moved to heap: ", "", EscapeVerdict.MovedToHeap),
        ("", EscapeLogMessage.EscapesToHeap, EscapeVerdict.EscapesToHeap),
        ("", " escapes to heap, not allowed in runtime", EscapeVerdict.MovedToHeap), // the runtime's own error for a variable that would move
        ("", EscapeLogMessage.DoesNotEscape, EscapeVerdict.DoesNotEscape),
        ("", " does not escape, mutate, or call", EscapeVerdict.ParamMutation),
        ("leaking param content: ", "", EscapeVerdict.LeakingParamContent),
        ("assuming ", " is unsafe uintptr", EscapeVerdict.UnsafeUintptr),
        ("marking ", " as escaping uintptr", EscapeVerdict.UnsafeUintptr),
        ("marking ", " as escaping ...uintptr", EscapeVerdict.UnsafeUintptr),
    ];

    /// <summary>The verdict and subject of a summary; <paramref name="result"/> and <paramref name="derefs"/> for leaking parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> message, out EscapeVerdict verdict, out ReadOnlySpan<char> subject, out ReadOnlySpan<char> result, out int? derefs)
    {
        result = default;
        derefs = null;
        foreach (var (prefix, suffix, framed) in s_framed)
        {
            if (message.Length > prefix.Length + suffix.Length && message.StartsWith(prefix) && message.EndsWith(suffix))
            {
                verdict = framed;
                subject = message[prefix.Length..^suffix.Length];
                derefs = framed == EscapeVerdict.LeakingParamContent ? 1 : null;
                return true;
            }
        }

        if (message.StartsWith("leaking param: "))
        {
            return TryParseLeakingParam(message["leaking param: ".Length..], out verdict, out subject, out result, out derefs);
        }

        if (message.StartsWith("mutates param: ") || message.StartsWith("calls param: "))
        {
            verdict = EscapeVerdict.ParamMutation;
            subject = message[(message.IndexOf(": ") + 2)..];
            var space = subject.IndexOf(" derefs=");
            subject = space > 0 ? subject[..space] : subject;
            return !subject.IsEmpty;
        }

        verdict = EscapeVerdict.ZeroCopyConversion;
        subject = "([]byte)(string)";
        return message.SequenceEqual("zero-copy string->[]byte conversion");
    }

    /// <summary>`p` or `p to result r level=n` (after `leaking param: `).</summary>
    private static bool TryParseLeakingParam(ReadOnlySpan<char> body, out EscapeVerdict verdict, out ReadOnlySpan<char> subject, out ReadOnlySpan<char> result, out int? derefs)
    {
        subject = body;
        result = default;
        var toResult = body.IndexOf(" to result ");
        if (toResult <= 0)
        {
            verdict = EscapeVerdict.LeakingParam;
            derefs = 0;
            return !subject.IsEmpty;
        }

        verdict = EscapeVerdict.LeakingParamToResult;
        derefs = null;
        var tail = body[(toResult + " to result ".Length)..];
        var level = tail.LastIndexOf(" level=");
        if (level <= 0 || !TryParseSigned(tail[(level + " level=".Length)..], out var levelValue))
        {
            return false;
        }

        result = tail[..level];
        derefs = levelValue;
        subject = body[..toResult];
        return !subject.IsEmpty;
    }

    /// <summary>A decimal that may start with `-`.</summary>
    public static bool TryParseSigned(ReadOnlySpan<char> text, out int value)
    {
        var negative = text.StartsWith("-");
        var ok = EscapeLogMessage.TryParseNumber(negative ? text[1..] : text, out value);
        value = negative ? -value : value;
        return ok;
    }
}
