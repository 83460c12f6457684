using System.Text.RegularExpressions;

namespace AllocScope.GoSource;

/// <summary>
/// One Go source file's lines, and the little the readers need from its structure: the top-level functions with their
/// line extents (gofmt'd code closes a function with `}` in column 1) and the end of a func literal's body (brace
/// matching that skips strings, runes and comments). Read through a <see cref="SourceFileCache"/>, once per file.
/// </summary>
public sealed partial class GoSourceFile
{
    // The text once, with where each line starts: a readable source is read for a few lines (a func literal's body, a
    // listing), so it is not split into a string per line.
    private readonly char[] _content;
    private readonly int _length;
    private readonly int[] _lineStarts;
    private List<(int Start, int End, string Name)>? _functions;

    /// <summary>A file whose text is the first <paramref name="length"/> characters of <paramref name="content"/> (a pooled buffer).</summary>
    /// <param name="path">The full path the file was read from.</param>
    /// <param name="content">Its text; lines end at `\n`, `\r\n` or `\r` (as <see cref="File.ReadAllLines(string)"/> splits them).</param>
    /// <param name="length">How much of <paramref name="content"/> is the text.</param>
    internal GoSourceFile(string path, char[] content, int length)
    {
        Path = path;
        _content = content;
        _length = length;

        // Counted first, so the index is one array of its final size.
        var text = content.AsSpan(0, length);
        var count = 0;
        for (var at = 0; at < length; count++)
        {
            at = NextLine(text, at);
        }

        _lineStarts = new int[count];
        for (int i = 0, at = 0; i < count; i++)
        {
            _lineStarts[i] = at;
            at = NextLine(text, at);
        }

        Lines = new LineList(this);
    }

    /// <summary>The buffer the text is in (returned to the pool by <see cref="SourceFileCache"/>).</summary>
    internal char[] Buffer => _content;

    /// <summary>The full path the file was read from.</summary>
    public string Path { get; }

    public IReadOnlyList<string> Lines { get; }

    /// <summary>The text of a 1-based line, or empty when out of range.</summary>
    public string Line(long number) => number >= 1 && number <= _lineStarts.Length ? Text((int)number - 1).ToString() : string.Empty;

    private int LineCount => _lineStarts.Length;

    // Where the line after the one starting at `at` starts (the text's length after the last line).
    private static int NextLine(ReadOnlySpan<char> text, int at)
    {
        var end = text[at..].IndexOfAny('\r', '\n');
        if (end < 0)
        {
            return text.Length;
        }

        end += at;
        return end + (text[end] == '\r' && end + 1 < text.Length && text[end + 1] == '\n' ? 2 : 1);
    }

    // The 0-based line's text, without its line ending.
    private ReadOnlySpan<char> Text(int index)
    {
        var start = _lineStarts[index];
        var text = _content.AsSpan(start, (index + 1 < _lineStarts.Length ? _lineStarts[index + 1] : _length) - start);
        var end = text.IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    private List<(int Start, int End, string Name)> Functions => _functions ??= FindFunctions();

    private List<(int Start, int End, string Name)> FindFunctions()
    {
        var functions = new List<(int Start, int End, string Name)>();
        for (var i = 0; i < LineCount; i++)
        {
            // Only a line that starts with `func` can declare one: the pattern runs on those alone.
            if (!Text(i).StartsWith("func", StringComparison.Ordinal))
            {
                continue;
            }

            var match = FuncDeclaration().Match(Text(i).ToString());
            if (!match.Success)
            {
                continue;
            }

            var end = i;
            if (!Text(i).TrimEnd().EndsWith('}'))
            {
                end = i + 1;
                while (end < LineCount && !Text(end).StartsWith('}'))
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
        for (var l = line - 1; l < LineCount; l++)
        {
            var text = Text(l);
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
                        var close = text[(i + 1)..].IndexOf('`');
                        close = close < 0 ? -1 : close + i + 1;
                        while (close < 0 && ++l < LineCount)
                        {
                            text = Text(l);
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

    private static int SkipQuoted(ReadOnlySpan<char> text, int start, char quote)
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

    /// <summary>The lines as strings, made when asked for.</summary>
    private sealed class LineList(GoSourceFile file) : IReadOnlyList<string>
    {
        public int Count => file.LineCount;

        public string this[int index] => file.Text(index).ToString();

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [GeneratedRegex(@"^func\s*(?:\(\s*(?:[\p{L}_][\p{L}\p{N}_]*\s+)?(?<star>\*?)\s*(?<recvType>[\p{L}_][\p{L}\p{N}_]*(?:\[[^\]]*\])?)\s*\)\s*)?(?<name>[\p{L}_][\p{L}\p{N}_]*)")]
    private static partial Regex FuncDeclaration();
}
