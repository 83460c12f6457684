using System.Text.RegularExpressions;

namespace AllocScope.GoSource;

/// <summary>
/// One Go source file's lines, and the top-level functions with their line extents (gofmt'd code closes a function with
/// `}` in column 1). Read through a <see cref="SourceFileCache"/>, once per file. (Where func literals end is found in the
/// bytes: <see cref="FuncLiteralEnds"/>.)
/// </summary>
public sealed partial class GoSourceFile
{
    // The text once, with where each line starts: a readable source is read for a few lines (a listing, a declaration), so
    // it is not split into a string per line.
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
