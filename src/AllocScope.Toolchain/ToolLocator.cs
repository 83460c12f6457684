namespace AllocScope.Toolchain;

/// <summary>Finds external programs on PATH or in the places Debian installs them.</summary>
public static class ToolLocator
{
    /// <summary>Where Debian's golang-1.19-go puts the toolchain; used when `go` is not on PATH.</summary>
    public const string DebianGo119 = "/usr/lib/go-1.19/bin/go";

    public const string GoInstallHint = "install Go (Debian: apt-get update && apt-get install -y golang-1.19-go) or put `go` on PATH";

    public static string? Find(string name, params string[] fallbacks)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return fallbacks.FirstOrDefault(IsExecutable);
    }

    /// <summary>
    /// The Go toolchain: ALLOCSCOPE_GO when set (a path, or "none" to act as if Go were absent), else `go` on PATH,
    /// $GOROOT/bin/go, or Debian's Go 1.19.
    /// </summary>
    public static string? FindGo()
    {
        var chosen = Environment.GetEnvironmentVariable("ALLOCSCOPE_GO");
        if (!string.IsNullOrEmpty(chosen))
        {
            return chosen == "none" || !IsExecutable(chosen) ? null : chosen;
        }

        var goroot = Environment.GetEnvironmentVariable("GOROOT");
        var fromRoot = string.IsNullOrEmpty(goroot) ? DebianGo119 : Path.Combine(goroot, "bin", "go");
        return Find("go", fromRoot, DebianGo119);
    }

    public static string RequireGo() => FindGo() ?? throw new ToolMissingException("go", GoInstallHint);

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(path);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
