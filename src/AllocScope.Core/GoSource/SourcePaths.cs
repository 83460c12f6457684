namespace AllocScope.GoSource;

/// <summary>
/// Comparing the paths different tools print for one file: profiles give absolute paths or `module/path/file.go`
/// under -trimpath, logs give `./file.go` relative to the package or the absolute path of the machine that compiled.
/// </summary>
public static class SourcePaths
{
    /// <summary>Forward slashes, no leading `./`.</summary>
    public static string Normalize(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }

    public static string BaseName(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash < 0 ? path : path[(slash + 1)..];
    }

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

    /// <summary>How many trailing path components (`.` ignored) two paths share: the closer match has more.</summary>
    public static int CommonTrailingComponents(string a, string b)
    {
        var x = Components(a);
        var y = Components(b);
        var n = 0;
        while (n < x.Length && n < y.Length && x[^(n + 1)] == y[^(n + 1)])
        {
            n++;
        }

        return n;
    }

    private static string[] Components(string path) =>
        path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
}
