using System.Runtime.CompilerServices;

namespace AllocScope.EscapeLog;

/// <summary>
/// Recognises a summary message: the compiler's decision about one expression, variable or parameter (`X escapes to
/// heap`, `moved to heap: x`, `leaking param: p to result ~r0 level=0`, ...). Pure, over spans.
/// </summary>
internal static class SummaryMessage
{
    private const string RuntimeEscape = " escapes to heap, not allowed in runtime";
    private const string NoMutateOrCall = " does not escape, mutate, or call";

    /// <summary>The verdict and subject of a summary; <paramref name="result"/> and <paramref name="derefs"/> for leaking parameters.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> message, out EscapeVerdict verdict, out ReadOnlySpan<char> subject, out ReadOnlySpan<char> result, out int? derefs)
    {
        result = default;
        derefs = null;
        if (message.StartsWith("moved to heap: "))
        {
            verdict = EscapeVerdict.MovedToHeap;
            subject = message["moved to heap: ".Length..];
        }
        else if (message.EndsWith(EscapeLogMessage.EscapesToHeap))
        {
            verdict = EscapeVerdict.EscapesToHeap;
            subject = message[..^EscapeLogMessage.EscapesToHeap.Length];
        }
        else if (message.EndsWith(RuntimeEscape))
        {
            // The runtime's own error for a variable that would move to the heap.
            verdict = EscapeVerdict.MovedToHeap;
            subject = message[..^RuntimeEscape.Length];
        }
        else if (message.EndsWith(EscapeLogMessage.DoesNotEscape))
        {
            verdict = EscapeVerdict.DoesNotEscape;
            subject = message[..^EscapeLogMessage.DoesNotEscape.Length];
        }
        else if (message.EndsWith(NoMutateOrCall))
        {
            verdict = EscapeVerdict.ParamMutation;
            subject = message[..^NoMutateOrCall.Length];
        }
        else if (message.StartsWith("leaking param content: "))
        {
            verdict = EscapeVerdict.LeakingParamContent;
            subject = message["leaking param content: ".Length..];
            derefs = 1;
        }
        else if (message.StartsWith("leaking param: "))
        {
            return TryParseLeakingParam(message["leaking param: ".Length..], out verdict, out subject, out result, out derefs);
        }
        else if (message.StartsWith("assuming ") && message.EndsWith(" is unsafe uintptr"))
        {
            verdict = EscapeVerdict.UnsafeUintptr;
            subject = message["assuming ".Length..^" is unsafe uintptr".Length];
        }
        else if (message.StartsWith("marking ") && (message.EndsWith(" as escaping uintptr") || message.EndsWith(" as escaping ...uintptr")))
        {
            verdict = EscapeVerdict.UnsafeUintptr;
            subject = message["marking ".Length..message.LastIndexOf(" as escaping ")];
        }
        else if (message.StartsWith("mutates param: ") || message.StartsWith("calls param: "))
        {
            verdict = EscapeVerdict.ParamMutation;
            subject = message[(message.IndexOf(": ") + 2)..];
            var space = subject.IndexOf(" derefs=");
            if (space > 0)
            {
                subject = subject[..space];
            }
        }
        else if (message.SequenceEqual("zero-copy string->[]byte conversion"))
        {
            verdict = EscapeVerdict.ZeroCopyConversion;
            subject = "([]byte)(string)";
        }
        else
        {
            verdict = default;
            subject = default;
            return false;
        }

        return !subject.IsEmpty;
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
