using System.Diagnostics;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Sites;

/// <summary>Ctrl-C during `analyze`: the children stop, the output folder says it is partial, the exit code is 130.</summary>
public sealed class TheInterruptedAnalyze
{
    [Fact]
    public void An_interrupt_stops_go_marks_the_folder_incomplete_and_exits_130()
    {
        GoTool.Require();
        var outDir = Path.Combine(Path.GetTempPath(), $"allocscope-interrupted-{Guid.NewGuid():N}");
        CliProcess.Run(new Dictionary<string, string>(), "--version"); // builds the executable first
        var info = new ProcessStartInfo(CliProcess.Script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "analyze", "--dir", Repo.Example(), "--bench", ".", "--benchtime", "100000x", "--out", outDir })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        try
        {
            // Interrupt once the benchmarks run (their output file exists): go test and its test binary are children then.
            var started = SpinWait.SpinUntil(() => Directory.Exists(outDir) && Directory.GetFiles(outDir, "*.test.txt").Length > 0, TimeSpan.FromSeconds(120));
            Assert.True(started, "analyze did not get to the benchmarks");
            Thread.Sleep(500);
            ProcessRunner.Run("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellation: TestContext.Current.CancellationToken);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "analyze did not stop within 20 s of the interrupt");
            Assert.Equal(130, process.ExitCode);
            Assert.True(File.Exists(Path.Combine(outDir, "INCOMPLETE")), "no INCOMPLETE marker");
            Assert.False(File.Exists(Path.Combine(outDir, "sites.json")), "a partial run wrote sites.json");
            var leftovers = ProcessRunner.Run("pgrep", ["-f", outDir], cancellation: TestContext.Current.CancellationToken).StandardOutput.Trim();
            Assert.True(leftovers.Length == 0, $"processes still running for {outDir}: {leftovers}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
