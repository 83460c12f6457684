using System.CommandLine;
using System.Globalization;
using System.Text;
using AllocScope.Output;
using AllocScope.Toolchain;

namespace AllocScope.Cli.Commands;

/// <summary>
/// `allocscope analyze [PACKAGES]`: inside a Go module, runs the escape analysis and the tests, benchmarks or a
/// command with heap profiling, keeps every artifact, and reports the ranked allocation sites.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var packages = new Argument<string[]>("packages") { Description = "Go packages (default ./...)", Arity = ArgumentArity.ZeroOrMore };
        var bench = new Option<string?>("--bench") { Description = "Run these benchmarks (go test -bench REGEX)" };
        var test = new Option<string?>("--test") { Description = "Run these tests (go test -run REGEX)" };
        var run = new Option<string?>("--run") { Description = "Run this command instead; it must write a heap profile to the path that replaces {profile} ({memprofilerate} becomes the rate)" };
        var exact = new Option<bool>("--exact") { Description = "Record every allocation (memprofilerate 1); the default for tests and benchmarks" };
        var sampled = new Option<bool>("--sampled") { Description = "Use Go's default sampling (one sample per 512 KiB) instead of exact counts" };
        var tags = new Option<string?>("--tags") { Description = "Build tags for every go command" };
        var benchTime = new Option<string?>("--benchtime") { Description = "go test -benchtime value, e.g. 100x" };
        var dir = new Option<string>("--dir") { Description = "The module directory", DefaultValueFactory = _ => "." };
        var outDir = new Option<string?>("--out") { Description = "Where to keep the artifacts (default .allocscope/<time>/)" };
        var sampleIndex = SiteCommandSupport.SampleIndexOption();
        var module = SiteCommandSupport.ModuleOption();
        var limit = SiteCommandSupport.LimitOption();
        var format = SiteCommandSupport.FormatOption();
        var command = new Command("analyze", "Drive the Go toolchain on a module (escape log, exact allocation profile) and report the ranked allocation sites")
        {
            packages, bench, test, run, exact, sampled, tags, benchTime, dir, outDir, sampleIndex, module, limit, format,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(exact) && parse.GetValue(sampled))
            {
                throw new UsageException("--exact and --sampled exclude each other");
            }

            var runCommand = parse.GetValue(run);
            if (runCommand is not null && (parse.GetValue(bench) is not null || parse.GetValue(test) is not null))
            {
                throw new UsageException("--run excludes --bench and --test");
            }

            if (runCommand is not null && !runCommand.Contains("{profile}", StringComparison.Ordinal))
            {
                throw new UsageException("--run needs {profile} where the command takes the heap profile path to write");
            }

            var moduleDir = parse.GetValue(dir)!;
            if (!Directory.Exists(moduleDir))
            {
                throw new UsageException($"--dir {moduleDir}: no such directory");
            }

            var request = new AnalyzeRequest
            {
                Directory = Path.GetFullPath(moduleDir),
                Packages = parse.GetValue(packages) is { Length: > 0 } p ? p : ["./..."],
                Bench = parse.GetValue(bench),
                Test = parse.GetValue(test),
                Run = runCommand,
                Exact = !parse.GetValue(sampled) && (parse.GetValue(exact) || runCommand is null),
                Tags = parse.GetValue(tags),
                BenchTime = parse.GetValue(benchTime),
                OutputDirectory = parse.GetValue(outDir) ?? DefaultOutputDirectory(),
            };
            if (request.Bench is null && request.Test is null && request.Run is null)
            {
                request = request with { Test = "." };
            }

            var report = Analyze(request, parse.GetValue(module), parse.GetValue(sampleIndex), parse.InvocationConfiguration.Error);
            SiteCommandSupport.Write(report, parse.GetValue(format)!, parse.InvocationConfiguration.Output, parse.GetValue(limit));
            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>Runs the toolchain, joins the artifacts and writes sites.json and report.md beside them.</summary>
    internal static SiteReport Analyze(AnalyzeRequest request, string? module, string? sampleIndex, TextWriter error)
    {
        var go = ToolLocator.RequireGo();
        Action<string>? progress = Console.IsErrorRedirected ? null : step => error.WriteLine($"allocscope: {step}");
        var artifacts = new GoAnalyzeDriver(go, progress).Run(request);
        if (artifacts.Profiles.Count == 0)
        {
            throw new UsageException("the run wrote no heap profile (no test or benchmark matched?)");
        }

        var report = SiteCommandSupport.BuildReport(artifacts.Profiles, [artifacts.EscapeLog], request.Directory, null, module, sampleIndex);
        if (request.Exact && !report.Exact)
        {
            // Say so rather than present sampled estimates as exact counts.
            var note = "exact counts were asked for, but the program wrote a sampled profile: set runtime.MemProfileRate = 1 first thing in main "
                + "(or pass {memprofilerate} to a flag that does); Go 1.19 overwrites GODEBUG=memprofilerate while the runtime initializes";
            error.WriteLine($"allocscope: warning: {note}");
            report = report with { Notes = [.. report.Notes, note] };
        }

        using (var json = File.Create(Path.Combine(artifacts.OutputDirectory, "sites.json")))
        {
            SiteReportWriter.WriteJson(report, json);
        }

        using (var markdown = new StreamWriter(Path.Combine(artifacts.OutputDirectory, "report.md"), false, new UTF8Encoding(false)))
        {
            SiteReportWriter.WriteMarkdown(report, markdown);
        }

        if (progress is not null)
        {
            progress($"artifacts, sites.json and report.md are in {artifacts.OutputDirectory}");
        }

        return report;
    }

    private static string DefaultOutputDirectory() =>
        Path.Combine(".allocscope", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
}
