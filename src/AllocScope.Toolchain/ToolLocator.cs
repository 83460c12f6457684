using AllocScope.Go;

namespace AllocScope.Toolchain;

/// <summary>Finds external programs on PATH or in the places Debian installs them.</summary>
public static class ToolLocator
{
    public const string GoInstallHint = GoVersions.InstallHint;

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
    /// $GOROOT/bin/go, or the Go Debian installs (<see cref="GoVersions.DebianGoBinary"/>).
    /// </summary>
    public static string? FindGo()
    {
        var chosen = Environment.GetEnvironmentVariable("ALLOCSCOPE_GO");
        if (!string.IsNullOrEmpty(chosen))
        {
            return chosen == "none" || !IsExecutable(chosen) ? null : chosen;
        }

        var goroot = Environment.GetEnvironmentVariable("GOROOT");
        var fromRoot = string.IsNullOrEmpty(goroot) ? GoVersions.DebianGoBinary : Path.Combine(goroot, "bin", "go");
        return Find("go", fromRoot, GoVersions.DebianGoBinary);
    }

    /// <summary>`go env GOROOT` of that Go (where the standard library's source is), or null when it does not say.</summary>
    public static string? GoRoot(string go)
    {
        try
        {
            var root = ProcessRunner.Run(go, ["env", "GOROOT"], timeout: TimeSpan.FromSeconds(30)).StandardOutput.Trim();
            return root.Length > 0 && Directory.Exists(root) ? root : null;
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or ToolTimeoutException)
        {
            return null;
        }
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
