using System.Text;
using System.Text.RegularExpressions;

namespace AllocScope.Toolchain;

/// <summary>
/// Drives the Go toolchain for `allocscope analyze`: the escape log of the packages (`go build -gcflags=-m=2`
/// with a `-json=0` log beside it), then the tests, benchmarks or command with heap profiling, each artifact kept
/// in the output directory with the command that made it.
/// </summary>
public sealed partial class GoAnalyzeDriver(string go, Action<string>? progress = null)
{
    public AnalyzeArtifacts Run(AnalyzeRequest request)
    {
        var outDir = Path.GetFullPath(request.OutputDirectory);
        Directory.CreateDirectory(outDir);
        var commands = new List<string>();
        var version = Go(request.Directory, ["version"], commands, record: false).StandardOutput.Trim();

        // 1. Escape analysis. A fresh -json directory per run also keys the build cache, so the compiler really runs.
        var jsonDir = Path.Combine(outDir, "json0");
        Directory.CreateDirectory(jsonDir);
        progress?.Invoke("go build -gcflags=-m=2 (escape analysis)");
        var buildArgs = new List<string> { "build" };
        AddTags(buildArgs, request);
        buildArgs.Add($"-gcflags=-m=2 -json=0,{jsonDir}");
        buildArgs.Add("-o");
        buildArgs.Add(OperatingSystem.IsWindows() ? "NUL" : "/dev/null");
        buildArgs.AddRange(request.Packages);
        var build = Go(request.Directory, buildArgs, commands);
        var escapeLog = Path.Combine(outDir, "escape.txt");
        File.WriteAllText(escapeLog, build.StandardError);
        if (build.ExitCode != 0)
        {
            // -o /dev/null is refused for several non-main packages in old Go; retry without it.
            if (build.StandardError.Contains("-o", StringComparison.Ordinal) && build.StandardError.Contains("multiple packages", StringComparison.Ordinal))
            {
                buildArgs.RemoveRange(buildArgs.IndexOf("-o"), 2);
                build = Go(request.Directory, buildArgs, commands);
                File.WriteAllText(escapeLog, build.StandardError);
            }

            if (build.ExitCode != 0)
            {
                throw new GoBuildFailedException("go " + string.Join(' ', buildArgs), BuildErrors(build.StandardError));
            }
        }

        // 2. Profiles.
        var profiles = new List<string>();
        var outputs = new List<string>();
        if (request.Run is { } run)
        {
            var profile = Path.Combine(outDir, "heap.pprof");
            var commandLine = run.Replace("{profile}", profile, StringComparison.Ordinal)
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

            var result = ProcessRunner.Run("/bin/sh", ["-c", commandLine], request.Directory, env);
            commands.Add((request.Exact ? "GODEBUG=memprofilerate=1 " : string.Empty) + commandLine);
            var output = Path.Combine(outDir, "run.txt");
            File.WriteAllText(output, result.StandardOutput + result.StandardError);
            outputs.Add(output);
            if (result.ExitCode != 0)
            {
                throw new GoBuildFailedException(commandLine, result.StandardError + result.StandardOutput);
            }

            if (!File.Exists(profile))
            {
                throw new InvalidOperationException($"the command did not write the heap profile {profile}; put {{profile}} where it takes its -memprofile path");
            }

            profiles.Add(profile);
        }
        else
        {
            foreach (var package in ListTestPackages(request, commands))
            {
                var safe = SafeName(package.ImportPath);
                var profile = Path.Combine(outDir, $"{safe}.mem.pprof");
                var args = new List<string> { "test" };
                AddTags(args, request);
                args.AddRange(["-run", request.Bench is not null && request.Test is null ? "^$" : request.Test ?? "."]);
                if (request.Bench is not null)
                {
                    args.AddRange(["-bench", request.Bench, "-benchmem"]);
                    if (request.BenchTime is not null)
                    {
                        args.Add("-benchtime=" + request.BenchTime);
                    }
                }

                args.AddRange(["-memprofile", profile, "-o", Path.Combine(outDir, $"{safe}.test")]);
                if (request.Exact)
                {
                    args.AddRange(["-memprofilerate", "1"]);
                }

                args.Add(package.ImportPath);
                progress?.Invoke("go " + string.Join(' ', args));
                var result = Go(request.Directory, args, commands);
                var output = Path.Combine(outDir, $"{safe}.test.txt");
                File.WriteAllText(output, result.StandardOutput + result.StandardError);
                outputs.Add(output);
                if (result.ExitCode != 0)
                {
                    throw new GoBuildFailedException("go " + string.Join(' ', args), result.StandardOutput + result.StandardError);
                }

                if (File.Exists(profile))
                {
                    profiles.Add(profile);
                }
            }
        }

        File.WriteAllText(Path.Combine(outDir, "COMMANDS.txt"), $"# {version}\n# in {Path.GetFullPath(request.Directory)}\n" + string.Join('\n', commands) + "\n");
        return new AnalyzeArtifacts(outDir, escapeLog, jsonDir, profiles, outputs, version, commands);
    }

    private sealed record TestPackage(string ImportPath, string Directory);

    private List<TestPackage> ListTestPackages(AnalyzeRequest request, List<string> commands)
    {
        var args = new List<string> { "list" };
        AddTags(args, request);
        args.AddRange(["-f", "{{.ImportPath}}\t{{.Dir}}\t{{len .TestGoFiles}}\t{{len .XTestGoFiles}}"]);
        args.AddRange(request.Packages);
        var list = Go(request.Directory, args, commands);
        if (list.ExitCode != 0)
        {
            throw new GoBuildFailedException("go " + string.Join(' ', args), list.StandardError);
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
            throw new GoBuildFailedException("go " + string.Join(' ', args), "no package among " + string.Join(' ', request.Packages) + " has tests or benchmarks; use --run 'CMD {profile}'");
        }

        return packages;
    }

    private ProcessResult Go(string directory, IReadOnlyList<string> args, List<string> commands, bool record = true)
    {
        if (record)
        {
            commands.Add("go " + string.Join(' ', args.Select(Quote)));
        }

        return ProcessRunner.Run(go, args, directory, new Dictionary<string, string> { ["GOFLAGS"] = Environment.GetEnvironmentVariable("GOFLAGS") ?? string.Empty });
    }

    private static void AddTags(List<string> args, AnalyzeRequest request)
    {
        if (!string.IsNullOrEmpty(request.Tags))
        {
            args.Add("-tags=" + request.Tags);
        }
    }

    /// <summary>Go's output without the compiler's -m lines, so a build failure shows only the errors.</summary>
    internal static string BuildErrors(string stderr)
    {
        var sb = new StringBuilder();
        foreach (var line in stderr.Split('\n'))
        {
            if (MDiagnosticRe().IsMatch(line))
            {
                continue;
            }

            sb.Append(line).Append('\n');
        }

        return sb.ToString().Trim();
    }

    private static string AppendGodebug(string? existing, string setting) =>
        string.IsNullOrEmpty(existing) ? setting : existing + "," + setting;

    private static string SafeName(string importPath) => Regex.Replace(importPath, "[^A-Za-z0-9_.-]+", "_");

    private static string Quote(string arg) => arg.Length == 0 || arg.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '*' or '^')
        ? "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : arg;

    [GeneratedRegex(@"(: (can inline|cannot inline|inlining call to|.* escapes to heap|.* does not escape|moved to heap|leaking param|parameter .* leaks|.*capturing by|.*ignoring self-assignment|devirtualizing|zero-copy)|^\S+:\d+(:\d+)?:\s+(flow:|from |warning: truncated))")]
    private static partial Regex MDiagnosticRe();
}
