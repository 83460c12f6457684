using System.Globalization;
using AllocScope.Toolchain;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope analyze`, as the user gave them (validated by the service).</summary>
public sealed record AnalyzeOptions
{
    public string Directory { get; init; } = ".";

    public IReadOnlyList<string> Packages { get; init; } = [];

    public string? Bench { get; init; }

    public string? Test { get; init; }

    public string? Run { get; init; }

    public bool Exact { get; init; }

    public bool Sampled { get; init; }

    public string? Tags { get; init; }

    public string? BenchTime { get; init; }

    /// <summary>Record an execution trace of the test runs (the lifecycle view).</summary>
    public bool Trace { get; init; }

    /// <summary>Run each benchmark on its own (one profile each); -benchtime defaults to 100x then.</summary>
    public bool PerBenchmark { get; init; }

    /// <summary>Where to keep the artifacts; null: `.allocscope/&lt;time&gt;/`.</summary>
    public string? OutputDirectory { get; init; }

    public string? Module { get; init; }

    public string? SampleIndex { get; init; }

    /// <summary>Rank the tests' and the testing harness's own allocations too.</summary>
    public bool IncludeTests { get; init; }

    /// <summary>pprof's --focus, --ignore and --hide regular expressions.</summary>
    public (string? Focus, string? Ignore, string? Hide) Filters { get; init; }

    public int Limit { get; init; } = 20;

    public ReportFormat Format { get; init; } = ReportFormat.Text;
}

/// <summary>
/// Inside a Go module: runs the escape analysis and the tests, benchmarks or a command with heap profiling, keeps
/// every artifact with sites.json and report.md beside them, and reports the ranked allocation sites.
/// </summary>
public sealed class AnalyzeService
{
    public ServiceResult Run(AnalyzeOptions options, ServiceContext context)
    {
        var report = Analyze(ToRequest(options), options.Module, options.SampleIndex, context, options.IncludeTests, options.Filters);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }

    /// <summary>Runs the toolchain, joins the artifacts and writes sites.json and report.md beside them.</summary>
    internal static ReportDocument Analyze(AnalyzeRequest request, string? module, string? sampleIndex, ServiceContext context, bool includeTests = false,
        (string? Focus, string? Ignore, string? Hide) filters = default)
    {
        var go = ToolLocator.RequireGo();
        var created = !System.IO.Directory.Exists(request.OutputDirectory);
        using var folderLock = OutputFolderLock.Acquire(request.OutputDirectory);
        var driver = new GoAnalyzeDriver(go, context.Progress.Step, context.Limits.Memory, context.Cancellation);
        AnalyzeArtifacts artifacts;
        try
        {
            artifacts = driver.Run(request);
        }
        catch (OperationCanceledException)
        {
            MarkIncomplete(request.OutputDirectory);
            throw;
        }

        if (request.Bench is not null && !artifacts.TestOutputs.Any(HasBenchmarkResults))
        {
            // go test writes a profile of its own start-up even when no benchmark ran: ranking it would mislead.
            var existing = driver.ListBenchmarks(request);
            if (created)
            {
                RemoveOutput(request.OutputDirectory);
            }

            throw new UsageException($"--bench {request.Bench} matches no benchmark in {string.Join(' ', request.Packages)}; "
                + (existing.Count == 0 ? "the packages define none" : $"they define {string.Join(", ", existing.Take(12))}{(existing.Count > 12 ? ", ..." : "")}"));
        }

        if (artifacts.Profiles.Count == 0)
        {
            throw new UsageException("the run wrote no heap profile (no test or benchmark matched?)");
        }

        var result = new SiteInputs(artifacts.Profiles, [artifacts.EscapeLog], request.Directory, null, module, sampleIndex)
        {
            Log = artifacts.Log,
            IncludeTests = includeTests,
            BenchOutputs = request.Bench is null ? [] : artifacts.TestOutputs,
            BenchTime = request.BenchTime,
            Filters = filters,
            Gc = (artifacts.Traces.FirstOrDefault(File.Exists), artifacts.GcTraces.FirstOrDefault(File.Exists))
        }.Analyze(context);
        var notes = new List<string>();
        if (request.Exact && !result.Precision.IsExact)
        {
            // Say so rather than present sampled estimates as exact counts.
            var note = "exact counts were asked for, but the program wrote a sampled profile: set runtime.MemProfileRate = 1 first thing in main "
                + "(or pass {memprofilerate} to a flag that does); Go 1.19 overwrites GODEBUG=memprofilerate while the runtime initializes";
            context.Console.Error.WriteLine($"allocscope: warning: {note}");
            notes.Add(note);
        }

        var report = SiteReports.Build(result, notes);
        IgnoreInGit(request.OutputDirectory);
        ReportOutput.WriteFile(report, ReportFormat.Json, Path.Combine(artifacts.OutputDirectory, "sites.json"));
        ReportOutput.WriteFile(report, ReportFormat.Markdown, Path.Combine(artifacts.OutputDirectory, "report.md"));
        context.Progress.Step($"artifacts, sites.json and report.md are in {artifacts.OutputDirectory}");
        return report;
    }

    private static bool HasBenchmarkResults(string testOutput)
    {
        try
        {
            using var input = AllocScope.Inputs.InputFile.Open(testOutput, new AllocScope.Inputs.InputLimits());
            return AllocScope.Bench.BenchmarkOutputReader.Read(input).Count > 0;
        }
        catch (AllocScope.Inputs.InputFormatException)
        {
            return false;
        }
    }

    /// <summary>`.allocscope/` in a user's module keeps its own `.gitignore`, so runs never show up as changes.</summary>
    private static void IgnoreInGit(string outputDirectory)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(outputDirectory));
        if (parent is not null && Path.GetFileName(parent) == ".allocscope" && !File.Exists(Path.Combine(parent, ".gitignore")))
        {
            File.WriteAllText(Path.Combine(parent, ".gitignore"), "# written by allocscope analyze: its runs are not part of the module\n*\n");
        }
    }

    /// <summary>Removes an output folder this run created (and `.allocscope/` when it is left empty).</summary>
    private static void RemoveOutput(string outputDirectory)
    {
        System.IO.Directory.Delete(outputDirectory, recursive: true);
        var parent = Path.GetDirectoryName(Path.GetFullPath(outputDirectory));
        if (parent is not null && Path.GetFileName(parent) == ".allocscope"
            && System.IO.Directory.EnumerateFileSystemEntries(parent).All(e => Path.GetFileName(e) == ".gitignore"))
        {
            System.IO.Directory.Delete(parent, recursive: true);
        }
    }

    /// <summary>The name of the file that marks an output folder whose run was interrupted.</summary>
    public const string IncompleteMarker = "INCOMPLETE";

    /// <summary>Leaves a marker that the artifacts in the folder are partial (the run was interrupted).</summary>
    private static void MarkIncomplete(string outputDirectory)
    {
        if (Directory.Exists(outputDirectory))
        {
            File.WriteAllText(Path.Combine(outputDirectory, IncompleteMarker),
                $"interrupted at {DateTime.Now:O}: the artifacts in this folder are partial; rerun allocscope analyze for a complete set\n");
        }
    }

    private static AnalyzeRequest ToRequest(AnalyzeOptions options)
    {
        if (options.Exact && options.Sampled)
        {
            throw new UsageException("--exact and --sampled exclude each other");
        }

        if (options.Run is not null && (options.Bench is not null || options.Test is not null))
        {
            throw new UsageException("--run excludes --bench and --test");
        }

        if (options.Trace && options.Run is not null)
        {
            throw new UsageException("--trace records go test runs; with --run, trace the command yourself and pass the file to report --trace");
        }

        if (options.PerBenchmark && options.Bench is null)
        {
            throw new UsageException("--per-benchmark needs --bench PATTERN");
        }

        if (options.Run is not null && !options.Run.Contains("{profile}", StringComparison.Ordinal))
        {
            throw new UsageException("--run needs {profile} where the command takes the heap profile path to write");
        }

        if (!System.IO.Directory.Exists(options.Directory))
        {
            throw new UsageException($"--dir {options.Directory}: no such directory");
        }

        // Checked before anything runs or is written: a bad option must not cost a benchmark run.
        _ = Inputs.ProfileQuery.Compile(options.Filters.Focus, "--focus");
        _ = Inputs.ProfileQuery.Compile(options.Filters.Ignore, "--ignore");
        _ = Inputs.ProfileQuery.Compile(options.Filters.Hide, "--hide");
        SiteInputs.CheckBenchTime(options.BenchTime);

        if (GoModOf(options.Directory) is null)
        {
            throw new UsageException($"{Path.GetFullPath(options.Directory)}: not inside a Go module (no go.mod here or in a folder above); "
                + "make one there with `go mod init example.com/yourmodule`, or pass --dir a module's folder");
        }

        var request = new AnalyzeRequest
        {
            Directory = Path.GetFullPath(options.Directory),
            Packages = options.Packages.Count > 0 ? options.Packages : ["./..."],
            Bench = options.Bench,
            Test = options.Test,
            Run = options.Run,
            Exact = !options.Sampled && (options.Exact || options.Run is null),
            Tags = options.Tags,
            BenchTime = options.BenchTime ?? (options.PerBenchmark ? "100x" : null),
            PerBenchmark = options.PerBenchmark,
            Trace = options.Trace,
            OutputDirectory = options.OutputDirectory ?? DefaultOutputDirectory(),
        };
        return request.Bench is null && request.Test is null && request.Run is null ? request with { Test = "." } : request;
    }

    /// <summary>The go.mod that governs a folder (in it or the nearest folder above), or null.</summary>
    private static string? GoModOf(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            var goMod = Path.Combine(dir.FullName, "go.mod");
            if (File.Exists(goMod))
            {
                return goMod;
            }
        }

        return null;
    }

    internal static string DefaultOutputDirectory(string? under = null, string prefix = "") =>
        Path.Combine(under ?? string.Empty, ".allocscope", prefix + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
}
