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
