namespace AllocScope.Toolchain;

/// <summary>One external program as `allocscope doctor` reports it.</summary>
public sealed record ToolStatus(string Name, string? Path, string? Version, string Enables, string? InstallHint);

/// <summary>Looks for every external program AllocScope can use and says what each one enables.</summary>
public static class ToolInventory
{
    public static IReadOnlyList<ToolStatus> Inspect()
    {
        var go = ToolLocator.FindGo();
        var bpftrace = ToolLocator.Find("bpftrace");
        var chromium = ToolLocator.Find("chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        return
        [
            new ToolStatus("go", go, go is null ? null : VersionOf(go, "version"),
                "analyze and demo (escape log, exact allocation profiles, traces), end-to-end tests",
                ToolLocator.GoInstallHint),
            new ToolStatus("bpftrace", bpftrace, bpftrace is null ? null : VersionOf(bpftrace, "--version"),
                "live probes of runtime.mallocgc on a running Go binary",
                "apt-get install -y bpftrace (needs root)"),
            new ToolStatus("chromium", chromium, chromium is null ? null : VersionOf(chromium, "--version"),
                "checking HTML reports in a real headless browser",
                "apt-get install -y chromium"),
        ];
    }

    private static string? VersionOf(string path, string argument)
    {
        try
        {
            var result = ProcessRunner.Run(path, [argument], timeout: TimeSpan.FromSeconds(20));
            var text = (result.StandardOutput.Length > 0 ? result.StandardOutput : result.StandardError).Trim();
            var firstLine = text.Split('\n').FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(firstLine) ? null : firstLine;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }
}
