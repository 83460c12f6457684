using System.Text;
using System.Text.RegularExpressions;

namespace AllocScope.Sites;

/// <summary>
/// What the Go statement on one source line does that can allocate, read from its tokens. Go 1.19 heap profiles
/// hide the runtime frames (growslice, mapassign, concatstrings, ...) that would say so, so the statement text,
/// together with the escape decisions at that position, is the evidence left.
/// </summary>
public sealed partial class GoStatement
{
    private GoStatement(string text, string code)
    {
        Text = text;
        Code = code;
    }

    /// <summary>The line as written (trimmed).</summary>
    public string Text { get; }

    /// <summary>The line with comments removed and string literal contents blanked, for token matching.</summary>
    public string Code { get; }

    public bool HasAppend => AppendRe().IsMatch(Code);

    public bool HasMakeMap => MakeMapRe().IsMatch(Code) || MapLiteralRe().IsMatch(Code);

    public bool HasMakeSlice => MakeSliceRe().IsMatch(Code);

    public bool HasFuncLiteral => FuncLiteralRe().IsMatch(Code);

    public bool HasAddressOfComposite => AddressOfCompositeRe().IsMatch(Code) || NewRe().IsMatch(Code);

    public bool HasStringConversion => ConversionRe().IsMatch(Code);

    public bool HasFmtCall => FmtCallRe().IsMatch(Code);

    /// <summary>`x += y` or `x = x + y` with a string literal in it, or `+` between string literals and names.</summary>
    public bool HasStringConcat => Code.Contains("+=", StringComparison.Ordinal) || (Code.Contains('+', StringComparison.Ordinal) && Code.Contains("\"\"", StringComparison.Ordinal));

    /// <summary>The name written by `name[key] = v` (or `op=`, `++`), e.g. `index` or `ix.Slots`; null when the line is no such write.</summary>
    public string? IndexWriteTarget
    {
        get
        {
            var m = IndexWriteRe().Match(Code);
            return m.Success ? m.Groups["target"].Value : null;
        }
    }

    public static GoStatement Parse(string line)
    {
        var code = StripCommentsAndStrings(line);
        return new GoStatement(line.Trim(), code.Trim());
    }

    /// <summary>Removes a trailing // comment and blanks the inside of "..." and `...` literals (keeping the quotes).</summary>
    internal static string StripCommentsAndStrings(string line)
    {
        var sb = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/')
            {
                break;
            }

            if (c is '"' or '`' or '\'')
            {
                var quote = c;
                sb.Append(quote);
                i++;
                while (i < line.Length && line[i] != quote)
                {
                    if (line[i] == '\\' && quote != '`')
                    {
                        i++;
                    }

                    i++;
                }

                sb.Append(quote);
                i++;
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\bappend\s*\(")]
    private static partial Regex AppendRe();

    [GeneratedRegex(@"\bmake\s*\(\s*map\[")]
    private static partial Regex MakeMapRe();

    [GeneratedRegex(@"(^|[^\w\]])map\[[^\]]*\][\w.*\[\]{}]*\s*\{")]
    private static partial Regex MapLiteralRe();

    [GeneratedRegex(@"\bmake\s*\(\s*\[\]")]
    private static partial Regex MakeSliceRe();

    [GeneratedRegex(@"\bfunc\s*\(")]
    private static partial Regex FuncLiteralRe();

    [GeneratedRegex(@"&\s*[\w.]+\s*\{|&\s*\[")]
    private static partial Regex AddressOfCompositeRe();

    [GeneratedRegex(@"\bnew\s*\(")]
    private static partial Regex NewRe();

    [GeneratedRegex(@"(\[\]byte|\[\]rune|\bstring)\s*\(")]
    private static partial Regex ConversionRe();

    [GeneratedRegex(@"\bfmt\.\w+\s*\(")]
    private static partial Regex FmtCallRe();

    [GeneratedRegex(@"^(?<target>[A-Za-z_][\w.]*)(\s*\[[^\]]*(\[[^\]]*\][^\]]*)*\])+\s*(=(?!=)|[-+*/|&^%]=|<<=|>>=|\+\+|--)")]
    private static partial Regex IndexWriteRe();
}
