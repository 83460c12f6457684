using System.Runtime.CompilerServices;
namespace AllocScope.EscapeLog;

/// <summary>
/// Recognises one diagnostic message (the text after `file:line:col: `) of the compiler's -m/-m=2 output.
/// Pure functions over spans so the text reader and the -json=0 reader share them. Shapes are listed in
/// FORMAT.md beside this file.
/// </summary>
internal static class EscapeLogMessage
{
    public const string EscapesToHeap = " escapes to heap";
    public const string DoesNotEscape = " does not escape";

    /// <summary>Splits `file:line:col: message` (or `file:line: message`); false when the line has no position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySplitPosition(ReadOnlySpan<char> line, out ReadOnlySpan<char> file, out int lineNumber, out int column, out ReadOnlySpan<char> message)
    {
        file = default;
        lineNumber = 0;
        column = 0;
        message = default;
        var separator = line.IndexOf(": ");
        if (separator <= 0)
        {
            // A message-less position would be `file:1:2:`; the compiler never prints one.
            return false;
        }

        if (!TryParsePosition(line[..separator], out file, out lineNumber, out column))
        {
            return false;
        }

        message = line[(separator + 2)..];
        return true;
    }

    /// <summary>Parses `file:line:col`, `file:line` or `&lt;unknown line number&gt;`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParsePosition(ReadOnlySpan<char> position, out ReadOnlySpan<char> file, out int lineNumber, out int column)
    {
        file = default;
        lineNumber = 0;
        column = 0;
        if (position.SequenceEqual("<unknown line number>"))
        {
            file = position;
            return true;
        }

        var lastColon = position.LastIndexOf(':');
        if (lastColon <= 0 || !TryParseNumber(position[(lastColon + 1)..], out var last))
        {
            return false;
        }

        var rest = position[..lastColon];
        var previousColon = rest.LastIndexOf(':');
        if (previousColon > 0 && TryParseNumber(rest[(previousColon + 1)..], out var first))
        {
            file = rest[..previousColon];
            lineNumber = first;
            column = last;
        }
        else
        {
            file = rest;
            lineNumber = last;
        }

        return !file.IsEmpty && file[^1] != ' ';
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseNumber(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>
    /// Whether a message ends inside a raw string literal, so that it goes on over the next line: the compiler prints an
    /// expression's raw strings as written, newlines included (`fmt.Errorf(`parsing %s:` ... `, path)` in a flow note, a
    /// summary, an inlined body). Interpreted strings and runes are skipped, so "`" and '`' open nothing.
    /// </summary>
    /// <param name="text">The message (without its position), or a line of one that runs on.</param>
    /// <param name="insideRaw">The text starts inside a raw string (a line the literal runs on to).</param>
    public static bool EndsInsideRawString(ReadOnlySpan<char> text, bool insideRaw)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (insideRaw)
            {
                var close = text[i..].IndexOf('`');
                if (close < 0)
                {
                    return true;
                }

                i += close;
                insideRaw = false;
                continue;
            }

            switch (text[i])
            {
                case '`':
                    insideRaw = true;
                    break;
                case '"' or '\'':
                    i = ClosingQuote(text, i);
                    break;
            }
        }

        return insideRaw;
    }

    // The index of the quote that closes the interpreted string or rune opening at `start` (escapes skipped), or the
    // text's last index when it does not close on this line.
    private static int ClosingQuote(ReadOnlySpan<char> text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == text[start])
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    /// <summary>
    /// `from WHERE (WHY) at POS`: splits into WHERE, WHY and POS. WHERE may itself contain parentheses and " at "
    /// (`fmt.Fprintln(io.Writer(os.Stdout), fmt.a...)`), so POS is after the last " at " and WHY is the last balanced
    /// parenthesised group before it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySplitFrom(ReadOnlySpan<char> text, out ReadOnlySpan<char> where, out ReadOnlySpan<char> why, out ReadOnlySpan<char> at)
    {
        var atIndex = text.LastIndexOf(" at ");
        at = atIndex < 0 ? default : text[(atIndex + 4)..];
        where = why = default;
        return atIndex >= 0 && TrySplitTag(text[..atIndex], out where, out why);
    }

    /// <summary>`WHERE (WHY)` (the -json=0 form has no " at POS").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TrySplitTag(ReadOnlySpan<char> head, out ReadOnlySpan<char> where, out ReadOnlySpan<char> why)
    {
        where = why = default;
        if (head.IsEmpty || head[^1] != ')')
        {
            return false;
        }

        var depth = 0;
        for (var i = head.Length - 1; i >= 0; i--)
        {
            if (head[i] == ')')
            {
                depth++;
            }
            else if (head[i] == '(')
            {
                depth--;
                if (depth == 0)
                {
                    if (i < 1 || head[i - 1] != ' ')
                    {
                        return false;
                    }

                    where = head[..(i - 1)];
                    why = head[(i + 1)..^1];
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>`X escapes to heap:` or Go 1.25+ `X escapes to heap in F:`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseEscapeHeader(ReadOnlySpan<char> message, out ReadOnlySpan<char> subject, out ReadOnlySpan<char> function)
    {
        subject = function = default;
        if (message.IsEmpty || message[^1] != ':')
        {
            return false;
        }

        var body = message[..^1];
        if (body.EndsWith(EscapesToHeap))
        {
            subject = body[..^EscapesToHeap.Length];
            return !subject.IsEmpty;
        }

        var inIndex = body.LastIndexOf(" escapes to heap in ");
        if (inIndex <= 0)
        {
            return false;
        }

        subject = body[..inIndex];
        function = body[(inIndex + " escapes to heap in ".Length)..];
        return !function.IsEmpty;
    }

    /// <summary>`parameter P leaks to LOC with derefs=N:` or Go 1.25+ `parameter P leaks to LOC for F with derefs=N:`.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseLeakHeader(ReadOnlySpan<char> message, out ReadOnlySpan<char> parameter, out ReadOnlySpan<char> location, out ReadOnlySpan<char> function, out int derefs)
    {
        parameter = default;
        location = default;
        function = default;
        derefs = 0;
        if (!message.StartsWith("parameter ") || message.IsEmpty || message[^1] != ':')
        {
            return false;
        }

        var body = message["parameter ".Length..^1];
        var leaks = body.IndexOf(" leaks to ");
        var with = body.LastIndexOf(" with derefs=");
        if (leaks <= 0 || with < leaks)
        {
            return false;
        }

        parameter = body[..leaks];
        var afterDerefs = body[(with + " with derefs=".Length)..];
        var negative = afterDerefs.StartsWith("-");
        if (!TryParseNumber(negative ? afterDerefs[1..] : afterDerefs, out derefs))
        {
            return false;
        }

        derefs = negative ? -derefs : derefs;
        location = body[(leaks + " leaks to ".Length)..with];

        // LOC is `{heap}`, `{storage for EXPR}` (which may contain " for ") or a variable name.
        var searchFrom = location.StartsWith("{") ? location.LastIndexOf('}') : 0;
        if (searchFrom >= 0)
        {
            var forIndex = location[searchFrom..].IndexOf(" for ");
            if (forIndex >= 0)
            {
                function = location[(searchFrom + forIndex + " for ".Length)..];
                location = location[..(searchFrom + forIndex)];
            }
        }

        return !location.IsEmpty;
    }
}
