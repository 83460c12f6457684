using System.Runtime.CompilerServices;

namespace AllocScope.EscapeLog;

/// <summary>The parts of an inlining or devirtualization message, as spans of the message.</summary>
internal readonly ref struct InliningParts
{
    public InliningVerdict Verdict { get; init; }

    public ReadOnlySpan<char> Function { get; init; }

    public ReadOnlySpan<char> Target { get; init; }

    public ReadOnlySpan<char> Reason { get; init; }

    public int? Cost { get; init; }
}

/// <summary>Recognises `can inline F [with cost N ...]`, `cannot inline F[ into G]: why`, `inlining call to F`, devirtualization.</summary>
internal static class InliningMessage
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> message, out InliningParts parts)
    {
        parts = default;
        if (message.StartsWith("can inline "))
        {
            var function = message["can inline ".Length..];
            int? cost = null;
            var with = function.IndexOf(" with cost ");
            if (with > 0)
            {
                var tail = function[(with + " with cost ".Length)..];
                var end = tail.IndexOf(' ');
                if (EscapeLogMessage.TryParseNumber(end < 0 ? tail : tail[..end], out var c))
                {
                    cost = c;
                }

                function = function[..with];
            }

            parts = new InliningParts { Verdict = InliningVerdict.CanInline, Function = function, Cost = cost };
        }
        else if (message.StartsWith("cannot inline "))
        {
            var body = message["cannot inline ".Length..];
            var colon = body.IndexOf(": ");
            if (colon <= 0)
            {
                return false;
            }

            var function = body[..colon];
            var into = function.IndexOf(" into ");
            parts = into > 0
                ? new InliningParts { Verdict = InliningVerdict.CannotInlineCall, Function = function[..into], Target = function[(into + " into ".Length)..], Reason = body[(colon + 2)..] }
                : new InliningParts { Verdict = InliningVerdict.CannotInline, Function = function, Reason = body[(colon + 2)..] };
        }
        else if (message.StartsWith("inlining call to "))
        {
            var function = message["inlining call to ".Length..];
            int? cost = null;
            var score = function.LastIndexOf(" with score ");
            if (score > 0 && SummaryMessage.TryParseSigned(function[(score + " with score ".Length)..], out var s))
            {
                cost = s;
                function = function[..score];
            }

            parts = new InliningParts { Verdict = InliningVerdict.InliningCall, Function = function, Cost = cost };
        }
        else if (!TryParseDevirtualization(message, out parts))
        {
            return false;
        }

        return !parts.Function.IsEmpty;
    }

    private static bool TryParseDevirtualization(ReadOnlySpan<char> message, out InliningParts parts)
    {
        parts = default;
        InliningVerdict verdict;
        ReadOnlySpan<char> body;
        if (message.StartsWith("devirtualizing "))
        {
            verdict = InliningVerdict.Devirtualizing;
            body = message["devirtualizing ".Length..];
        }
        else if (message.StartsWith("partially devirtualizing "))
        {
            verdict = InliningVerdict.PartiallyDevirtualizing;
            body = message["partially devirtualizing ".Length..];
        }
        else if (message.StartsWith("PGO devirtualizing interface call ") || message.StartsWith("PGO devirtualizing function call "))
        {
            verdict = InliningVerdict.PgoDevirtualizing;
            body = message["PGO devirtualizing interface call ".Length..];
        }
        else
        {
            return false;
        }

        var to = body.LastIndexOf(" to ");
        if (to <= 0)
        {
            return false;
        }

        parts = new InliningParts { Verdict = verdict, Function = body[..to], Target = body[(to + 4)..] };
        return true;
    }
}
