using System.Text.RegularExpressions;
using AllocScope.EscapeLog;
using AllocScope.GcTrace;
using AllocScope.Inputs;

namespace AllocScope.Toolchain;

/// <summary>
/// Drives the Go toolchain for `allocscope analyze`: the escape log of the packages (`go build -gcflags=-m=2` with a
/// `-json=0` log beside it), streamed into the parser and escape.txt as the compiler prints it; then the tests,
/// benchmarks or command with heap profiling, each output streamed to its file. Every artifact is kept in the output
/// directory with the command that made it; a cancelled run stops its children at once.
/// </summary>
public sealed partial class GoAnalyzeDriver(string go, Action<string>? progress = null, MemoryBudget? memory = null, CancellationToken cancellation = default)
{
    private const int FailureTailLines = GoBuildFailedException.TailLines;

    private readonly List<string> _commands = [];

    private readonly List<CompilerLog> _testLogs = [];

    private readonly List<string> _traces = [];
    private readonly List<string> _gcTraces = [];

    public AnalyzeArtifacts Run(AnalyzeRequest request)
    {
        var outDir = Path.GetFullPath(request.OutputDirectory);
        Directory.CreateDirectory(outDir);
        var version = ProcessRunner.Run(go, ["version"], request.Directory, cancellation: cancellation).StandardOutput.Trim();
        var (escapeLog, log, jsonDir) = BuildEscapeLog(request, outDir);
        var (profiles, outputs) = request.Run is { } run ? RunCommand(request, run, outDir) : RunTests(request, outDir);
        File.WriteAllText(Path.Combine(outDir, "COMMANDS.txt"), $"# {version}\n# in {Path.GetFullPath(request.Directory)}\n" + string.Join('\n', _commands) + "\n");

        // go build leaves out _test.go files; the test runs compiled them with -m=2, so benchmark set-up has reasons too.
        var testLogs = _testLogs.Select(l => l.TestFilesOnly()).Where(l => l.Decisions.Count > 0 || l.InliningDecisions.Count > 0).ToList();
        return new AnalyzeArtifacts(outDir, escapeLog, jsonDir, profiles, outputs, version, _commands) { Log = CompilerLog.Combine([log, .. testLogs]), Traces = _traces, GcTraces = _gcTraces };
    }

    /// <summary>Go's own -gcflags parsing splits on spaces (cmd/internal/quoted): a path with one is quoted for it.</summary>
    internal static string GoFlagQuote(string arg) =>
        !arg.Any(char.IsWhiteSpace) && !arg.Contains('\'') && !arg.Contains('"') ? arg
            : !arg.Contains('\'') ? $"'{arg}'"
            : !arg.Contains('"') ? $"\"{arg}\""
            : throw new ArgumentException($"a path with both kinds of quotes cannot be passed in -gcflags: {arg}");

    private (string EscapeLog, CompilerLog Log, string JsonDir) BuildEscapeLog(AnalyzeRequest request, string outDir)
    {
        // 1. Escape analysis. A fresh -json directory per run also keys the build cache, so the compiler really runs.
        var jsonDir = Path.Combine(outDir, "json0");
        var jsonScratch = Directory.CreateTempSubdirectory("allocscope-json0-").FullName;
        var escapeLog = Path.Combine(outDir, "escape.txt");
        progress?.Invoke("go build -gcflags=-m=2 (escape analysis)");
        var args = new List<string> { "build" };
        AddTags(args, request);
        args.Add($"-gcflags=-m=2 -json=0,{GoFlagQuote(jsonScratch)}");
        args.AddRange(["-o", OperatingSystem.IsWindows() ? "NUL" : "/dev/null"]);
        args.AddRange(request.Packages);
        var (outcome, parser, packages) = CompileWithLog(request, args, escapeLog);

        // -o /dev/null is refused for several non-main packages in old Go; retry without it.
        if (outcome.ExitCode != 0 && parser.ForeignLines.Any(l => l.Text.Contains("-o", StringComparison.Ordinal) && l.Text.Contains("multiple packages", StringComparison.Ordinal)))
        {
            args.RemoveRange(args.IndexOf("-o"), 2);
            (outcome, parser, packages) = CompileWithLog(request, args, escapeLog);
        }

        if (outcome.ExitCode != 0)
        {
            var errors = parser.ForeignLines.Select(l => l.Text).Where(t => t.Length > 0).ToList();
            throw new GoBuildFailedException(Display(args), errors.Count > 0 ? string.Join('\n', errors) : string.Join('\n', outcome.ErrorTail));
        }

        MoveDirectory(jsonScratch, jsonDir);
        return (escapeLog, parser.ToLog(packages), jsonDir);
    }

    /// <summary>Runs the compile, its stderr streamed line by line into escape.txt and the log parser at once.</summary>
    private (ProcessOutcome Outcome, EscapeLogParser Parser, List<EscapeLogPackage> Packages) CompileWithLog(AnalyzeRequest request, List<string> args, string escapeLog)
    {
        var packages = new List<EscapeLogPackage>();
        var parser = new EscapeLogParser(escapeLog, request.Directory, packages.Add, memory);
        using var writer = new StreamWriter(escapeLog, false, new System.Text.UTF8Encoding(false));
        var outcome = Go(request.Directory, args, onError: line =>
        {
            writer.WriteLine(line);
            parser.AcceptLine(line);
        });
        parser.Complete();
        return (outcome, parser, packages);
    }

    private (List<string> Profiles, List<string> Outputs) RunCommand(AnalyzeRequest request, string run, string outDir)
    {
        var profile = Path.Combine(outDir, "heap.pprof");
        var commandLine = run.Replace("{profile}", ProcessSpec.ShellQuote(profile), StringComparison.Ordinal)
            .Replace("{memprofilerate}", request.Exact ? "1" : "524288", StringComparison.Ordinal);
        progress?.Invoke(commandLine);

        // The command runs with the same Go first on PATH, so `go run ...` uses the toolchain that built the escape log.
        var env = new Dictionary<string, string>
        {
            ["PATH"] = Path.GetDirectoryName(go) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        if (request.Exact)
        {
            env["GODEBUG"] = AppendGodebug(Environment.GetEnvironmentVariable("GODEBUG"), "memprofilerate=1");
        }

        _commands.Add((request.Exact ? "GODEBUG=memprofilerate=1 " : string.Empty) + commandLine);
        var output = Path.Combine(outDir, "run.txt");
        var spec = new ProcessSpec("/bin/sh", ["-c", commandLine]) { WorkingDirectory = request.Directory, Environment = env };
        RunLogged(spec, output, commandLine);
        if (!File.Exists(profile))
        {
            throw new GoBuildFailedException(commandLine, $"the command did not write the heap profile {profile}; put {{profile}} where it takes its -memprofile path");
        }

        return ([profile], [output]);
    }

    private (List<string> Profiles, List<string> Outputs) RunTests(AnalyzeRequest request, string outDir)
    {
        var profiles = new List<string>();
        var outputs = new List<string>();
        foreach (var package in ListTestPackages(request))
        {
            var safe = SafeName(package.ImportPath);

            // One run per benchmark (--per-benchmark): each profile then holds one benchmark's work, set-up and all.
            var runs = request.PerBenchmark && request.Bench is not null
                ? [.. BenchmarksOf(request, package.ImportPath).Select(name => (Suffix: "." + SafeName(name), Bench: OneBenchmark(name, request.Bench)))]
                : new List<(string Suffix, string? Bench)> { (string.Empty, request.Bench) };
            var first = true;
            foreach (var (suffix, bench) in runs)
            {
                var profile = Path.Combine(outDir, $"{safe}{suffix}.mem.pprof");
                var args = new List<string> { "test" };
                AddTags(args, request);
                args.AddRange(["-run", bench is not null && request.Test is null ? "^$" : request.Test ?? "."]);
                if (bench is not null)
                {
                    args.AddRange(["-bench", bench, "-benchmem"]);
                    if (request.BenchTime is not null)
                    {
                        args.Add("-benchtime=" + request.BenchTime);
                    }
                }

                // -m=2 does not change the code; the build cache replays the compiler's output when it has the package.
                args.Add("-gcflags=-m=2");
                args.AddRange(["-memprofile", profile, "-o", Path.Combine(outDir, $"{safe}.test")]);
                var gcTrace = Path.Combine(outDir, $"{safe}{suffix}.gctrace.txt");
                if (request.Trace)
                {
                    var trace = Path.Combine(outDir, $"{safe}{suffix}.trace");
                    args.AddRange(["-trace", trace]);
                    _traces.Add(trace);

                    // gctrace for the test binary only (through -exec): the go command and the compiler would print theirs too.
                    args.AddRange(["-exec", "env GODEBUG=" + AppendGodebug(Environment.GetEnvironmentVariable("GODEBUG"), "gctrace=1")]);
                }

                if (request.Exact)
                {
                    args.AddRange(["-memprofilerate", "1"]);
                }

                args.Add(package.ImportPath);
                progress?.Invoke(Display(args));
                var output = Path.Combine(outDir, $"{safe}{suffix}.test.txt");
                _commands.Add(Display(args));
                if (first)
                {
                    RunWithEscapeLog(request, args, output, Path.Combine(outDir, $"{safe}.escape.txt"));
                }
                else
                {
                    RunLogged(GoSpec(request.Directory, args), output, Display(args), _ => { }); // the same compile, replayed: read once
                }

                first = false;
                outputs.Add(output);
                if (request.Trace && File.Exists(output) && GcTraceLines.Separate(output, gcTrace) > 0)
                {
                    _gcTraces.Add(gcTrace);
                }

                if (File.Exists(profile))
                {
                    profiles.Add(profile);
                }
            }
        }

        return (profiles, outputs);
    }

    /// <summary>Runs go test with its compiler lines (stderr) parsed into the test build's escape log and kept in a file.</summary>
    private void RunWithEscapeLog(AnalyzeRequest request, List<string> args, string output, string escapeFile)
    {
        var testPackages = new List<EscapeLogPackage>();
        var parser = new EscapeLogParser(escapeFile, request.Directory, testPackages.Add, memory);
        using (var escapeWriter = new StreamWriter(parser.DisplayName, false, new System.Text.UTF8Encoding(false)))
        {
            // go test prints the compiler's lines on its stderr and the test binary's on stdout.
            RunLogged(GoSpec(request.Directory, args), output, Display(args), line =>
            {
                escapeWriter.WriteLine(line);
                parser.AcceptLine(line);
            });
        }

        parser.Complete();
        _testLogs.Add(parser.ToLog(testPackages));
    }

    /// <summary>The top-level benchmarks of a package the pattern's first level matches (`go test -list`).</summary>
    private List<string> BenchmarksOf(AnalyzeRequest request, string package) => GoTestList(request, TopLevel(request.Bench!), [package], required: true);

    /// <summary>`go test -list PATTERN PACKAGES`: the top-level benchmarks it names (a failure throws when <paramref name="required"/>).</summary>
    private List<string> GoTestList(AnalyzeRequest request, string pattern, IReadOnlyList<string> packages, bool required)
    {
        var args = new List<string> { "test" };
        AddTags(args, request);
        args.AddRange(["-list", pattern]);
        args.AddRange(packages);
        if (required)
        {
            _commands.Add(Display(args));
        }

        var list = ProcessRunner.Run(go, args, request.Directory, GoEnvironment(), cancellation: cancellation);
        if (required && list.ExitCode != 0)
        {
            throw new GoBuildFailedException(Display(args), list.StandardError);
        }

        return [.. list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.StartsWith("Benchmark", StringComparison.Ordinal))];
    }

    /// <summary>The -bench pattern that runs one top-level benchmark and, below it, what the user's pattern selects.</summary>
    internal static string OneBenchmark(string name, string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        return "^" + Regex.Escape(name) + "$" + (slash < 0 ? string.Empty : pattern[slash..]);
    }

    // go test splits -bench at unbracketed slashes, one pattern per level; -list matches the first level only.
    private static string TopLevel(string pattern) => pattern.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? pattern[..slash] : pattern;

    /// <summary>
    /// Runs a program with its output streamed to a file (stderr to <paramref name="onError"/> instead, when given); on
    /// failure the error carries its last lines.
    /// </summary>
    private void RunLogged(ProcessSpec spec, string outputFile, string display, Action<string>? onError = null)
    {
        var tail = new Queue<string>(FailureTailLines);
        using var writer = new StreamWriter(outputFile, false, new System.Text.UTF8Encoding(false));
        void Remember(string line)
        {
            if (tail.Count == FailureTailLines)
            {
                tail.Dequeue();
            }

            tail.Enqueue(line);
        }

        void Keep(string line)
        {
            writer.WriteLine(line);
            Remember(line);
        }

        var outcome = ProcessRunner.Stream(spec, Keep, onError is null ? Keep : line =>
        {
            onError(line);
            Remember(line);
        }, cancellation);
        if (outcome.ExitCode != 0)
        {
            throw new GoBuildFailedException(display, $"exit code {outcome.ExitCode}; the last lines of its output (all of it in {outputFile}):\n{string.Join('\n', tail)}");
        }
    }

    private sealed record TestPackage(string ImportPath, string Directory);

    /// <summary>The benchmarks the packages define (`go test -list ^Benchmark`), for a pattern that matched none.</summary>
    public IReadOnlyList<string> ListBenchmarks(AnalyzeRequest request) =>
        [.. GoTestList(request, "^Benchmark", request.Packages, required: false).Distinct().Order(StringComparer.Ordinal)];

    private List<TestPackage> ListTestPackages(AnalyzeRequest request)
    {
        var args = new List<string> { "list" };
        AddTags(args, request);
        args.AddRange(["-f", "{{.ImportPath}}\t{{.Dir}}\t{{len .TestGoFiles}}\t{{len .XTestGoFiles}}"]);
        args.AddRange(request.Packages);
        _commands.Add(Display(args));
        var list = ProcessRunner.Run(go, args, request.Directory, GoEnvironment(), cancellation: cancellation);
        if (list.ExitCode != 0)
        {
            throw new GoBuildFailedException(Display(args), list.StandardError);
        }

        var packages = new List<TestPackage>();
        foreach (var line in list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('\t');
            if (parts.Length == 4 && (parts[2] != "0" || parts[3] != "0"))
            {
                packages.Add(new TestPackage(parts[0], parts[1]));
            }
        }

        if (packages.Count == 0)
        {
            throw new GoBuildFailedException(Display(args), "no package among " + string.Join(' ', request.Packages) + " has tests or benchmarks; use --run 'CMD {profile}'");
        }

        return packages;
    }

    private ProcessOutcome Go(string directory, List<string> args, Action<string> onError)
    {
        _commands.Add(Display(args));
        return ProcessRunner.Stream(GoSpec(directory, args), null, onError, cancellation);
    }

    private ProcessSpec GoSpec(string directory, IReadOnlyList<string> args) =>
        new(go, [.. args]) { WorkingDirectory = directory, Environment = GoEnvironment() };

    private static Dictionary<string, string> GoEnvironment() => new() { ["GOFLAGS"] = Environment.GetEnvironmentVariable("GOFLAGS") ?? string.Empty };

    private static string Display(IEnumerable<string> args) => "go " + string.Join(' ', args.Select(ProcessSpec.ShellQuote));

    private static void AddTags(List<string> args, AnalyzeRequest request)
    {
        if (!string.IsNullOrEmpty(request.Tags))
        {
            args.Add("-tags=" + request.Tags);
        }
    }

    /// <summary>Moves a directory, copying when it is on another file system.</summary>
    private static void MoveDirectory(string from, string to)
    {
        if (Directory.Exists(to))
        {
            Directory.Delete(to, recursive: true);
        }

        try
        {
            Directory.Move(from, to);
        }
        catch (IOException)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            Directory.Delete(from, recursive: true);
        }
    }

    private static string AppendGodebug(string? existing, string setting) =>
        string.IsNullOrEmpty(existing) ? setting : existing + "," + setting;

    private static string SafeName(string importPath) => SafeNameRe().Replace(importPath, "_");

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex SafeNameRe();
}
