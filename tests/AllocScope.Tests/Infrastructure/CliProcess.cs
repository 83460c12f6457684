using System.Diagnostics;

namespace AllocScope.Tests.Infrastructure;

/// <summary>
/// Runs the command line users get, `./allocscope` (the native executable, built on first use; the JIT build where
/// clang is missing), as its own process, so environment changes stay out of the test host.
/// </summary>
public static class CliProcess
{
    /// <summary>The script users type.</summary>
    public static string Script => Path.Combine(Repo.Root, "allocscope");

    /// <summary>
    /// Runs the script with <paramref name="args"/>; a last argument `--as-nobody` (tests run as root) runs it as the
    /// user nobody through setpriv, for what root may always do (read a file without permission).
    /// </summary>
    public static CliRunner.Result Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var asNobody = args.Length > 0 && args[^1] == "--as-nobody";
        var info = new ProcessStartInfo(asNobody ? "setpriv" : Script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        if (asNobody)
        {
            args = args[..^1];
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "--", Script })
            {
                info.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRunner.Result(process.ExitCode, output.Result, StripBuildNotice(error.Result));
    }

    /// <summary>What the script says while it builds (once per change) is not the command's output.</summary>
    public static string StripBuildNotice(string error) =>
        string.Join('\n', error.Split('\n').Where(l => !l.StartsWith("allocscope: building the native executable", StringComparison.Ordinal)
            && !l.StartsWith("allocscope: no clang for the native executable", StringComparison.Ordinal)));
}
