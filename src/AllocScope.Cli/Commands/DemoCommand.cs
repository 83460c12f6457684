using System.CommandLine;
using System.Globalization;
using AllocScope.Toolchain;

namespace AllocScope.Cli.Commands;

/// <summary>
/// `allocscope demo`: the README's main job. With Go installed it analyzes the bundled example module
/// end to end; without Go it reports from the artifacts recorded from that same module, and says so.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var limit = SiteCommandSupport.LimitOption();
        var format = SiteCommandSupport.FormatOption();
        var recorded = new Option<bool>("--recorded") { Description = "Use the recorded artifacts in testdata/hotspots even when Go is installed" };
        var command = new Command("demo", "Analyze the bundled example module examples/hotspots (or its recorded artifacts when Go is absent)")
        {
            limit, format, recorded,
        };
        command.SetAction(parse =>
        {
            var root = FindRepositoryRoot();
            var example = Path.Combine(root, "examples", "hotspots");
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            Output.SiteReport report;
            if (!parse.GetValue(recorded) && ToolLocator.FindGo() is not null)
            {
                var outDir = Path.Combine(root, ".allocscope", "demo-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
                error.WriteLine($"allocscope demo: analyze --bench . on {example} (artifacts in {outDir})");
                report = AnalyzeCommand.Analyze(new AnalyzeRequest
                {
                    Directory = example,
                    Bench = ".",
                    BenchTime = "100x",
                    OutputDirectory = outDir,
                }, null, null, error);
            }
            else
            {
                var fixtures = Path.Combine(root, "testdata", "hotspots");
                error.WriteLine(parse.GetValue(recorded)
                    ? $"allocscope demo: reporting from the recorded artifacts in {fixtures}"
                    : $"allocscope demo: Go is not installed ({ToolLocator.GoInstallHint}); reporting from the artifacts recorded from {example} in {fixtures} (see its MANIFEST.md)");
                report = SiteCommandSupport.BuildReport(
                    [Path.Combine(fixtures, "mem-rate1.pprof")], [Path.Combine(fixtures, "m2.txt")], example, null, null, null);
            }

            SiteCommandSupport.Write(report, parse.GetValue(format)!, output, parse.GetValue(limit));
            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>The checkout that holds examples/hotspots: ALLOCSCOPE_ROOT (set by ./allocscope), else above the current directory or the program.</summary>
    internal static string FindRepositoryRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ALLOCSCOPE_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(Path.Combine(fromEnv, "examples", "hotspots")))
        {
            return fromEnv;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "examples", "hotspots")) && File.Exists(Path.Combine(dir.FullName, "AllocScope.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new UsageException("cannot find the AllocScope checkout with examples/hotspots; run demo from inside it");
    }
}
