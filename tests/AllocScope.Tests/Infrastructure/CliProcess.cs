using System.Diagnostics;

namespace AllocScope.Tests.Infrastructure;

/// <summary>Runs the built command line as its own process, so environment changes stay out of the test host.</summary>
public static class CliProcess
{
    public static CliRunner.Result Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "allocscope.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ALLOCSCOPE_ROOT"] = Repo.Root;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRunner.Result(process.ExitCode, output.Result, error.Result);
    }
}
