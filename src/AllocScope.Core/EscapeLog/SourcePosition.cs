namespace AllocScope.EscapeLog;

/// <summary>Helpers for the compiler's `file:line:col` positions.</summary>
public static class SourcePosition
{
    /// <summary>`file:line:col` as Go prints it (no column when 0, no line when the file is `&lt;unknown line number&gt;`).</summary>
    public static string Format(string file, int line, int column) =>
        line <= 0 ? file : column <= 0 ? $"{file}:{line}" : $"{file}:{line}:{column}";

    /// <summary>
    /// Whether two paths name the same file when one may be relative (`./x.go`, `pkg/x.go`) or -trimpath'd
    /// (`example.com/m/x.go`) and the other absolute: equal after normalising, or one ends with the other on a `/` boundary.
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        var x = Normalize(a);
        var y = Normalize(b);
        if (x.Length == y.Length)
        {
            return string.Equals(x, y, StringComparison.Ordinal);
        }

        var (longer, shorter) = x.Length > y.Length ? (x, y) : (y, x);
        return longer.EndsWith(shorter, StringComparison.Ordinal) && longer[longer.Length - shorter.Length - 1] == '/';
    }

    /// <summary>
    /// How well a log's file (as printed, and resolved when known) names <paramref name="query"/>: the number of
    /// trailing path components they share, or 0 when the printed relative path is not a suffix of the query.
    /// </summary>
    public static int MatchScore(string printed, string? fullPath, string query)
    {
        var q = Normalize(query);
        var p = Normalize(printed);
        var relative = !Path.IsPathRooted(printed) && !printed.StartsWith('<');
        if (relative && !SameFile(p, q))
        {
            return 0;
        }

        var score = CommonTrailingComponents(p, q);
        if (fullPath is not null)
        {
            score = Math.Max(score, CommonTrailingComponents(Normalize(fullPath), q));
        }

        return score;
    }

    private static int CommonTrailingComponents(string a, string b)
    {
        var x = a.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var n = 0;
        while (n < x.Length && n < y.Length && x[^(n + 1)] == y[^(n + 1)])
        {
            n++;
        }

        return n;
    }

    internal static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }

    internal static string BaseName(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path[(slash + 1)..];
    }
}
