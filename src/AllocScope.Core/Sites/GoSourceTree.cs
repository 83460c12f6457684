using AllocScope.GoSource;
using AllocScope.Inputs;

namespace AllocScope.Sites;

/// <summary>
/// Finds the Go source files a profile or escape log names below a source root. Profiles give absolute paths, or
/// `module/path/file.go` under -trimpath; escape logs give `./file.go` relative to the package. All are matched
/// against the files below the root by the longest common path suffix; each file is read once.
/// </summary>
public sealed class GoSourceTree
{
    private readonly string? _root;
    private readonly Dictionary<string, List<string>> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _resolved = new(StringComparer.Ordinal);
    private readonly SourceFileCache _files = new();

    public GoSourceTree(string? root)
    {
        _root = root is null ? null : Path.GetFullPath(root);
        if (_root is not null && Directory.Exists(_root))
        {
            var walk = DirectoryWalk.Of(_root, f => f.EndsWith(".go", StringComparison.Ordinal));
            Skipped = walk.Skipped;
            foreach (var file in walk.Files)
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

    /// <summary>What the walk of the root left out (links to folders, unreadable folders).</summary>
    public IReadOnlyList<string> Skipped { get; } = [];

    /// <summary>The source file for a path as a profile or log prints it, or null when it is not below the root.</summary>
    public GoSourceFile? Find(string path)
    {
        if (!_resolved.TryGetValue(path, out var resolved))
        {
            resolved = Resolve(path);
            _resolved[path] = resolved;
        }

        return resolved is null ? null : _files.Get(resolved);
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

        string? best = null;
        var bestScore = 0;
        foreach (var candidate in candidates)
        {
            var score = SourcePaths.CommonTrailingComponents(path, candidate);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }
}
