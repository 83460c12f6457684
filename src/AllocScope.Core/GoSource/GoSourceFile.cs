using System.Text.RegularExpressions;

namespace AllocScope.GoSource;

/// <summary>
/// One Go source file's lines, and the little the readers need from its structure: the top-level functions with their
/// line extents (gofmt'd code closes a function with `}` in column 1) and the end of a func literal's body (brace
/// matching that skips strings, runes and comments). Read through a <see cref="SourceFileCache"/>, once per file.
/// </summary>
public sealed partial class GoSourceFile
{
    private readonly string[] _lines;
    private List<(int Start, int End, string Name)>? _functions;

    public GoSourceFile(string path, string[] lines)
    {
        Path = path;
        _lines = lines;
    }

    /// <summary>The full path the file was read from.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The text of a 1-based line, or empty when out of range.</summary>
    public string Line(long number) => number >= 1 && number <= _lines.Length ? _lines[(int)number - 1] : string.Empty;

    private List<(int Start, int End, string Name)> Functions => _functions ??= FindFunctions(_lines);

    private static List<(int Start, int End, string Name)> FindFunctions(string[] lines)
    {
        var functions = new List<(int Start, int End, string Name)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = FuncDeclaration().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var end = i;
            if (!lines[i].TrimEnd().EndsWith('}'))
            {
                end = i + 1;
                while (end < lines.Length && !lines[end].StartsWith('}'))
                {
                    end++;
                }
            }

            functions.Add((i + 1, end + 1, FormatName(match)));
        }

        return functions;
    }

    /// <summary>The top-level function containing a line, as the compiler names it (`F`, `(*T).M`, `T.M`), else null.</summary>
    public string? FunctionAt(int line)
    {
        foreach (var (start, end, name) in Functions)
        {
            if (line >= start && line <= end)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The line of the `}` that closes the func literal starting at (line, column), else null.</summary>
    public int? BlockEnd(int line, int column)
    {
        var depth = 0;
        var started = false;
        var inBlockComment = false;
        for (var l = line - 1; l < _lines.Length; l++)
        {
            var text = _lines[l];
            var i = l == line - 1 ? Math.Max(0, column - 1) : 0;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (inBlockComment)
                {
                    if (c == '*' && i + 1 < text.Length && text[i + 1] == '/')
                    {
                        inBlockComment = false;
                        i++;
                    }

                    continue;
                }

                switch (c)
                {
                    case '/' when i + 1 < text.Length && text[i + 1] == '/':
                        i = text.Length;
                        break;
                    case '/' when i + 1 < text.Length && text[i + 1] == '*':
                        inBlockComment = true;
                        i++;
                        break;
                    case '"' or '\'':
                        i = SkipQuoted(text, i, c);
                        break;
                    case '`':
                        // Raw strings may span lines.
                        var close = text.IndexOf('`', i + 1);
                        while (close < 0 && ++l < _lines.Length)
                        {
                            text = _lines[l];
                            close = text.IndexOf('`');
                        }

                        i = close < 0 ? text.Length : close;
                        break;
                    case '{':
                        depth++;
                        started = true;
                        break;
                    case '}':
                        depth--;
                        if (started && depth == 0)
                        {
                            return l + 1;
                        }

                        break;
                }
            }
        }

        return null;
    }

    private static int SkipQuoted(string text, int start, char quote)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return text.Length;
    }

    private static string FormatName(Match match)
    {
        var name = match.Groups["name"].Value;
        if (!match.Groups["recvType"].Success)
        {
            return name;
        }

        var type = match.Groups["recvType"].Value;
        var bracket = type.IndexOf('[', StringComparison.Ordinal);
        if (bracket > 0)
        {
            type = type[..bracket] + "[...]";
        }

        return match.Groups["star"].Value.Length > 0 ? $"(*{type}).{name}" : $"{type}.{name}";
    }

    [GeneratedRegex(@"^func\s*(?:\(\s*(?:[\p{L}_][\p{L}\p{N}_]*\s+)?(?<star>\*?)\s*(?<recvType>[\p{L}_][\p{L}\p{N}_]*(?:\[[^\]]*\])?)\s*\)\s*)?(?<name>[\p{L}_][\p{L}\p{N}_]*)")]
    private static partial Regex FuncDeclaration();
}
