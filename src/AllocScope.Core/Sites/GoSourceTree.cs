namespace AllocScope.Sites;

/// <summary>
/// Finds and caches the Go source files a profile or escape log names. Profiles give absolute paths, or
/// `module/path/file.go` under -trimpath; escape logs give `./file.go` relative to the package. All are matched
/// against the files below the source root by the longest common path suffix.
/// </summary>
public sealed class GoSourceTree
{
    private readonly string? _root;
    private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GoSourceFile?> _cache = new(StringComparer.Ordinal);

    public GoSourceTree(string? root)
    {
        _root = root is null ? null : Path.GetFullPath(root);
        if (_root is not null && Directory.Exists(_root))
        {
            foreach (var file in Directory.EnumerateFiles(_root, "*.go", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                if (!_byName.TryGetValue(name, out var list))
                {
                    _byName[name] = list = [];
                }

                list.Add(file);
            }
        }
    }

    /// <summary>The source file for a path as a profile or log prints it, or null when it is not below the root.</summary>
    public GoSourceFile? Find(string path)
    {
        if (_cache.TryGetValue(path, out var cached))
        {
            return cached;
        }

        GoSourceFile? found = null;
        var resolved = Resolve(path);
        if (resolved is not null)
        {
            found = new GoSourceFile(resolved, File.ReadAllLines(resolved));
        }

        _cache[path] = found;
        return found;
    }

    /// <summary>The full path of the file below the root that best matches <paramref name="path"/>.</summary>
    public string? Resolve(string path)
    {
        if (File.Exists(path) && (_root is null || Path.GetFullPath(path).StartsWith(_root, StringComparison.Ordinal)))
        {
            return Path.GetFullPath(path);
        }

        if (!_byName.TryGetValue(Path.GetFileName(path), out var candidates))
        {
            return null;
        }

        var wanted = Split(path);
        string? best = null;
        var bestScore = 0;
        foreach (var candidate in candidates)
        {
            var score = CommonSuffix(wanted, Split(candidate));
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    private static string[] Split(string path) =>
        path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();

    private static int CommonSuffix(string[] a, string[] b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[a.Length - 1 - n] == b[b.Length - 1 - n])
        {
            n++;
        }

        return n;
    }
}

/// <summary>One Go source file's lines.</summary>
public sealed class GoSourceFile(string path, string[] lines)
{
    public string Path { get; } = path;

    public IReadOnlyList<string> Lines { get; } = lines;

    /// <summary>The text of a 1-based line, or empty when out of range.</summary>
    public string Line(long number) => number >= 1 && number <= Lines.Count ? Lines[(int)number - 1] : string.Empty;
}
