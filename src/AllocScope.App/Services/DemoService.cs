using AllocScope.Toolchain;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope demo`.</summary>
public sealed record DemoOptions(bool Recorded = false, int Limit = 20, ReportFormat Format = ReportFormat.Text);

/// <summary>
/// The README's main job. With Go installed it analyzes the bundled example module end to end; without Go it
/// reports from the artifacts recorded from that same module, and says so.
/// </summary>
public sealed class DemoService
{
    public ServiceResult Run(DemoOptions options, ServiceContext context)
    {
        var root = FindRepositoryRoot();
        var example = Path.Combine(root, "examples", "hotspots");
        var error = context.Console.Error;
        ReportDocument report;
        if (!options.Recorded && ToolLocator.FindGo() is not null)
        {
            var outDir = Path.GetFullPath(AnalyzeService.DefaultOutputDirectory(root, "demo-"));
            error.WriteLine($"allocscope demo: analyze --bench . on {example} (artifacts in {outDir})");
            report = AnalyzeService.Analyze(new AnalyzeRequest
            {
                Directory = example,
                Bench = ".",
                BenchTime = "100x",
                OutputDirectory = outDir,
            }, null, null, context);
        }
        else
        {
            var fixtures = Path.Combine(root, "testdata", "hotspots");
            error.WriteLine(options.Recorded
                ? $"allocscope demo: reporting from the recorded artifacts in {fixtures}"
                : $"allocscope demo: Go is not installed ({ToolLocator.GoInstallHint}); reporting from the artifacts recorded from {example} in {fixtures} (see its MANIFEST.md)");
            report = SiteReports.Build(new SiteInputs([Path.Combine(fixtures, "mem-rate1.pprof")], [Path.Combine(fixtures, "m2.txt")], example).Analyze(context));
        }

        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
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
