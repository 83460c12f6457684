namespace AllocScope.Sites;

/// <summary>
/// Decides which frames are the user's code. With a module path, frames of packages in that module; without one,
/// any frame that is neither runtime nor standard library (whose import paths have no dot in the first element).
/// </summary>
public sealed class ModuleMatcher(string? modulePath)
{
    public string? ModulePath { get; } = modulePath;

    public bool IsUser(string function, string file)
    {
        if (file.EndsWith("_testmain.go", StringComparison.Ordinal))
        {
            // go test's generated main package is not the user's code.
            return false;
        }

        var package = PackageOf(function);
        if (ModulePath is not null)
        {
            return package == ModulePath || package == ModulePath + "_test" || package.StartsWith(ModulePath + "/", StringComparison.Ordinal)
                || package is "main" or "command-line-arguments";
        }

        return !IsStandardLibrary(package);
    }

    /// <summary>The import path of a Go function symbol: `example.com/x.(*T).M` → `example.com/x`.</summary>
    public static string PackageOf(string function)
    {
        var slash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', slash + 1);
        return dot < 0 ? function : function[..dot];
    }

    public static bool IsStandardLibrary(string package)
    {
        if (package is "main" or "command-line-arguments")
        {
            return false;
        }

        var first = package.Split('/')[0];
        return !first.Contains('.', StringComparison.Ordinal);
    }

    /// <summary>The `module` line of the go.mod in <paramref name="directory"/> or above it.</summary>
    public static string? ReadModulePath(string? directory)
    {
        for (var dir = directory is null ? null : new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var goMod = Path.Combine(dir.FullName, "go.mod");
            if (File.Exists(goMod))
            {
                foreach (var line in File.ReadLines(goMod))
                {
                    var trimmed = line.Trim();
                    if (trimmed.StartsWith("module ", StringComparison.Ordinal))
                    {
                        return trimmed["module ".Length..].Trim().Trim('"');
                    }
                }

                return null;
            }
        }

        return null;
    }
}
