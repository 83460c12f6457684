using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;

namespace AllocScope.Cli.Commands;

/// <summary>
/// `allocscope analyze [PACKAGES]`: inside a Go module, runs the escape analysis and the tests, benchmarks or a
/// command with heap profiling, keeps every artifact, and reports the ranked allocation sites.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create(CliContext context)
    {
        var packages = new Argument<string[]>("packages") { Description = "Go packages (default ./...)", Arity = ArgumentArity.ZeroOrMore };
        var bench = new Option<string?>("--bench") { Description = "Run these benchmarks (go test -bench REGEX)" };
        var test = new Option<string?>("--test") { Description = "Run these tests (go test -run REGEX)" };
        var run = new Option<string?>("--run") { Description = "Run this command instead; it must write a heap profile to the path that replaces {profile} ({memprofilerate} becomes the rate)" };
        var exact = new Option<bool>("--exact") { Description = "Record every allocation (memprofilerate 1); the default for tests and benchmarks" };
        var sampled = new Option<bool>("--sampled") { Description = "Use Go's default sampling (one sample per 512 KiB) instead of exact counts" };
        var tags = new Option<string?>("--tags") { Description = "Build tags for every go command" };
        var benchTime = new Option<string?>("--benchtime") { Description = "go test -benchtime: Nx (e.g. 100x) runs each benchmark N times so its untimed allocation (set-up) is measured; a duration otherwise" };
        var perBenchmark = new Option<bool>("--per-benchmark") { Description = "Run each benchmark --bench matches on its own (one profile each, -benchtime 100x unless given), so set-up and B/op reconcile per benchmark" };
        var trace = new Option<bool>("--trace") { Description = "Also record an execution trace of each test run (go test -trace) and add the memory lifecycle: GC cycles per site" };
        var dir = new Option<string>("--dir") { Description = "The module directory", DefaultValueFactory = _ => "." };
        var outDir = new Option<string?>("--out") { Description = "Where to keep the artifacts (default .allocscope/<time>/)" };
        var site = new SiteOptions("--dir");
        var command = site.AddTo(new Command("analyze", "Drive the Go toolchain on a module (escape log, exact allocation profile) and report the ranked allocation sites")
        {
            packages, bench, test, run, exact, sampled, tags, benchTime, perBenchmark, trace, dir, outDir,
        });
        command.SetAction(parse => CommonOptions.Exit(new AnalyzeService().Run(new AnalyzeOptions
        {
            Directory = parse.GetValue(dir)!,
            Packages = parse.GetValue(packages) ?? [],
            Bench = parse.GetValue(bench),
            Test = parse.GetValue(test),
            Run = parse.GetValue(run),
            Exact = parse.GetValue(exact),
            Sampled = parse.GetValue(sampled),
            Tags = parse.GetValue(tags),
            BenchTime = parse.GetValue(benchTime),
            PerBenchmark = parse.GetValue(perBenchmark),
            Trace = parse.GetValue(trace),
            OutputDirectory = parse.GetValue(outDir),
            Module = parse.GetValue(site.Module),
            SampleIndex = parse.GetValue(site.SampleIndex),
            IncludeTests = parse.GetValue(site.IncludeTests),
            Filters = site.FiltersOf(parse),
            Limit = parse.GetValue(site.Limit),
            Format = site.FormatOf(parse),
        }, context.For(parse))));
        return command;
    }
}
