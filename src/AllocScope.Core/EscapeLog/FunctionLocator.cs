using System.Text.RegularExpressions;
using AllocScope.GoSource;

namespace AllocScope.EscapeLog;

/// <summary>
/// Finds the function enclosing a position. Go 1.19 -m=2 names a function only at its declaration
/// (`can inline F`/`cannot inline F: ...`, printed for every function), so the enclosing top-level function is
/// the last declaration before the position; a func literal (`F.func1`) encloses it only when its body does
/// (from the source when readable, else only on the literal's own line). Logs that do not declare every
/// function (-m=1, -l, -json=0) fall back to the Go source when it can be read.
/// </summary>
internal sealed partial class FunctionLocator : IDisposable
{
    private readonly Dictionary<string, FileDeclarations> _byFile = new(StringComparer.Ordinal);
    private readonly SourceFileCache _sources = new(pooled: true);
    private readonly FuncLiteralEnds _literalEnds = new();

    private readonly Dictionary<(string, int, int), int> _closureEnds = [];

    public FunctionLocator(IEnumerable<InliningDecision> inlining)
    {
        foreach (var d in inlining)
        {
            if (!d.IsAtDeclaration || d.Function.Length == 0)
            {
                continue;
            }

            if (!_byFile.TryGetValue(d.File, out var file))
            {
                file = new FileDeclarations();
                _byFile[d.File] = file;
            }

            file.Add(d.Line, d.Column, d.Function, IsClosure(d.Function));
            file.Complete |= d.Verdict == InliningVerdict.CannotInline || d.Cost is not null;
        }
    }

    /// <summary>Gives back the sources read (the locator is not used after it).</summary>
    public void Dispose()
    {
        _sources.ReturnBuffers();
        _literalEnds.Dispose();
    }

    /// <summary>The enclosing function's name, or "" when unknown.</summary>
    public string Find(string file, string? fullPath, int line, int column, bool isFuncLiteral)
    {
        _byFile.TryGetValue(file, out var declarations);
        if (declarations is null || !declarations.Complete)
        {
            var fromSource = fullPath is null ? null : Source(fullPath);
            if (fromSource is not null)
            {
                return fromSource.FunctionAt(line) ?? "";
            }

            if (declarations is null)
            {
                return "";
            }
        }

        // The innermost func literal declared since the enclosing top-level function whose body reaches the position.
        var (topLevel, first, after) = declarations.Before(line, column);
        for (var i = after - 1; i >= first; i--)
        {
            var c = declarations[i];
            if (c.Closure && !(isFuncLiteral && c.Line == line && c.Column == column) && line <= ClosureEnd(fullPath, c.Line, c.Column))
            {
                return c.Name;
            }
        }

        return topLevel ?? "";
    }

    private int ClosureEnd(string? fullPath, int line, int column)
    {
        if (fullPath is null)
        {
            return line;
        }

        var key = (fullPath, line, column);
        if (!_closureEnds.TryGetValue(key, out var end))
        {
            end = _literalEnds.Find(fullPath, line, column) ?? line;
            _closureEnds[key] = end;
        }

        return end;
    }

    // Read once per package (a package's files are not shared with other packages).
    private GoSourceFile? Source(string fullPath) => _sources.Get(fullPath);

    internal static bool IsClosure(string name) => ClosureName().IsMatch(name);

    [GeneratedRegex(@"\.func\d+")]
    private static partial Regex ClosureName();

    private sealed class FileDeclarations
    {
        private readonly List<(int Line, int Column, string Name, bool Closure)> _declarations = [];
        private bool _sorted = true;

        public bool Complete { get; set; }

        public void Add(int line, int column, string name, bool closure)
        {
            if (_declarations.Count > 0 && Compare(_declarations[^1], (line, column)) > 0)
            {
                _sorted = false;
            }

            _declarations.Add((line, column, name, closure));
        }

        public (int Line, int Column, string Name, bool Closure) this[int index] => _declarations[index];

        /// <summary>The declarations at or before the position, from the top-level one that encloses them (its name) on.</summary>
        public (string? TopLevel, int First, int After) Before(int line, int column)
        {
            if (!_sorted)
            {
                _declarations.Sort((a, b) => Compare(a, (b.Line, b.Column)));
                _sorted = true;
            }

            var after = _declarations.Count;
            for (int low = 0, high = _declarations.Count - 1; low <= high;)
            {
                var middle = (low + high) >>> 1;
                if (Compare(_declarations[middle], (line, column)) > 0)
                {
                    after = middle;
                    high = middle - 1;
                }
                else
                {
                    low = middle + 1;
                }
            }

            var first = after;
            while (first > 0)
            {
                var d = _declarations[first - 1];
                if (!d.Closure)
                {
                    return (d.Name, first, after);
                }

                first--;
            }

            return (null, first, after);
        }

        private static int Compare((int Line, int Column, string, bool) a, (int Line, int Column) b) =>
            a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column);
    }
}
