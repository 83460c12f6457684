namespace AllocScope.Sites;

/// <summary>
/// Whose code the report is about, when --module is not given: the module of go.mod under the source (for a package
/// under GOROOT, whose go.mod says `std`, the package's own import path), else the package most leaf frames are in.
/// </summary>
public static class ModuleInference
{
    /// <summary>The module (or package) path and how it was found; null when nothing says.</summary>
    public static (string Path, string How)? Infer(string? sourceRoot, IReadOnlyList<AllocationSample> samples)
    {
        if (FromGoMod(sourceRoot) is { } fromGoMod)
        {
            return fromGoMod;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var leaf = sample.Frames.FirstOrDefault(f => !Go.RuntimeFrames.IsRuntime(f.Function));
            if (leaf is not null && ModuleMatcher.PackageOf(leaf.Function) is var package && package is not ("testing" or "main") && !package.StartsWith("internal/", StringComparison.Ordinal))
            {
                counts[package] = counts.GetValueOrDefault(package) + Math.Max(1, sample.Value);
            }
        }

        return counts.Count == 0 ? null : (counts.MaxBy(kv => kv.Value).Key, "the package most allocating frames are in");
    }

    private static (string Path, string How)? FromGoMod(string? sourceRoot)
    {
        if (sourceRoot is null)
        {
            return null;
        }

        var root = Path.GetFullPath(sourceRoot);
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "go.mod")))
            {
                continue;
            }

            var module = ModuleMatcher.ReadModulePath(dir.FullName);
            if (module is "std" or "cmd")
            {
                // GOROOT/src is the module `std` (src/cmd is `cmd`): a package there is named by its path below src.
                var relative = Path.GetRelativePath(dir.FullName, root).Replace('\\', '/');
                var package = relative == "." ? module : module == "cmd" ? $"cmd/{relative}" : relative;
                return (package, $"the package's path under GOROOT ({dir.FullName})");
            }

            return module is null ? null : (module, $"go.mod in {dir.FullName}");
        }

        return null;
    }
}
