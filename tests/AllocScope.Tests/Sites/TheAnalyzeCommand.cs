using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// Runs `allocscope analyze --bench .` on examples/hotspots twice with the real Go toolchain: the plain build and the
/// optimised one (`-tags optimized`), once for the whole class.
/// </summary>
public sealed class AnalyzedExample : IDisposable
{
    public AnalyzedExample()
    {
        Root = Directory.CreateTempSubdirectory("allocscope-analyze-").FullName;
        if (Infrastructure.GoTool.IsCi || AllocScope.Toolchain.ToolLocator.FindGo() is not null)
        {
            Plain = Run("plain");
            Optimized = Run("optimized", "--tags", "optimized");
        }
    }

    public string Root { get; }

    public (CliRunner.Result Result, string OutDir)? Plain { get; }

    public (CliRunner.Result Result, string OutDir)? Optimized { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private (CliRunner.Result, string) Run(string name, params string[] extra)
    {
        var outDir = Path.Combine(Root, name);
        var result = CliRunner.Run(["analyze", "--dir", Repo.Example(), "--bench", ".", "--benchtime", "50x", "--out", outDir, "--format", "json", "--limit", "0", .. extra]);
        return (result, outDir);
    }
}

public sealed class TheAnalyzeCommand(AnalyzedExample example) : IClassFixture<AnalyzedExample>
{
    private (CliRunner.Result Result, string OutDir) Plain()
    {
        GoTool.Require();
        var plain = example.Plain!.Value;
        Assert.True(plain.Result.ExitCode == 0, plain.Result.Error);
        return plain;
    }

    private (CliRunner.Result Result, string OutDir) Optimized()
    {
        GoTool.Require();
        var optimized = example.Optimized!.Value;
        Assert.True(optimized.Result.ExitCode == 0, optimized.Result.Error);
        return optimized;
    }

    [Fact]
    public void Lists_every_planted_pattern_among_its_top_sites_with_the_expected_kind_reason_and_fix()
    {
        using var json = JsonDocument.Parse(Plain().Result.Output);
        Assert.True(json.RootElement.GetProperty("exact").GetBoolean());
        PlantedExpectations.AssertAllPlanted(json.RootElement, top: 30);
    }

    [Fact]
    public void With_bench_each_site_says_what_it_costs_per_op_of_its_benchmark()
    {
        using var json = JsonDocument.Parse(Plain().Result.Output);
        var growth = Plants.Find("plain.go", "map-growth");
        var site = json.RootElement.GetProperty("sites").EnumerateArray().First(s => s.GetProperty("line").GetInt64() == growth.Line);
        var op = site.GetProperty("perOp");
        Assert.Equal(JsonValueKind.Object, op.ValueKind);
        Assert.StartsWith("Benchmark", op.GetProperty("benchmark").GetString(), StringComparison.Ordinal);
        Assert.True(op.GetProperty("bytes").GetDouble() > 0);
        Assert.Contains("per op of Benchmark", site.GetProperty("expectedEffect").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_every_artifact_with_the_commands_that_made_them()
    {
        var outDir = Plain().OutDir;
        foreach (var file in new[] { "escape.txt", "sites.json", "report.md", "COMMANDS.txt", "example.com_hotspots.mem.pprof", "example.com_hotspots.test.txt" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), $"{file} missing in {outDir}");
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "json0"), "*.json", SearchOption.AllDirectories));
        var commands = File.ReadAllText(Path.Combine(outDir, "COMMANDS.txt"));
        Assert.Contains("-gcflags=-m=2", commands, StringComparison.Ordinal);
        Assert.Contains("-memprofilerate 1", commands, StringComparison.Ordinal);
        using var sites = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "sites.json")));
        Assert.True(sites.RootElement.GetProperty("sites").GetArrayLength() > 10);
    }

    [Fact]
    public void Applying_each_suggested_fix_lowers_the_bytes_of_that_function_in_a_rerun()
    {
        using var plain = JsonDocument.Parse(Plain().Result.Output);
        using var optimized = JsonDocument.Parse(Optimized().Result.Output);
        var failures = new List<string>();
        foreach (var e in PlantedExpectations.Plain.Where(e => e.Marker != "json-decode"))
        {
            // The optimised variant has the same function at other lines: compare the planted function's bytes.
            var function = FunctionAt(plain.RootElement, e.File, Plants.Find(e.File, e.Marker).Line);
            var before = BytesOf(plain.RootElement, function);
            var after = BytesOf(optimized.RootElement, function);
            if (!(after < before))
            {
                failures.Add($"{e.Marker} ({function}): {before} bytes before, {after} after");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_build_error_is_shown_as_go_printed_it_with_exit_code_3()
    {
        GoTool.Require();
        var module = Directory.CreateTempSubdirectory("allocscope-broken-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(module, "go.mod"), "module example.com/broken\n\ngo 1.19\n");
            File.WriteAllText(Path.Combine(module, "broken.go"), "package broken\n\nfunc F() int { return undefinedName }\n");
            var result = CliRunner.Run("analyze", "--dir", module, "--out", Path.Combine(module, "out"));
            Assert.Equal(3, result.ExitCode);
            Assert.Contains("undefined: undefinedName", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(module, recursive: true);
        }
    }

    [Fact]
    public void Rows_in_test_files_have_reasons_from_the_escape_log_of_the_test_build()
    {
        var outDir = Plain().OutDir;
        var testLog = Path.Combine(outDir, "example.com_hotspots.escape.txt");
        Assert.True(File.Exists(testLog), "the go test run's -m=2 log is kept");
        Assert.Contains("hotspots_test.go:", File.ReadAllText(testLog), StringComparison.Ordinal);

        string[] Report(params string[] logs)
        {
            var result = CliRunner.Run(["report", "--profile", Path.Combine(outDir, "example.com_hotspots.mem.pprof"), "--escape", .. logs,
                "--source", Repo.Example(), "--show-harness", "--format", "json", "--limit", "0"]);
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            return [.. json.RootElement.GetProperty("sites").EnumerateArray().Where(s => s.GetProperty("scope").GetString() == "test")
                .Select(s => $"{s.GetProperty("line").GetInt64()} {s.GetProperty("kind").GetString()} {s.GetProperty("reason").GetString()}")];
        }

        // go build leaves _test.go files out: their escaping values have no reason from the build's log alone.
        var withTestLog = Report(Path.Combine(outDir, "escape.txt"), testLog);
        var buildOnly = Report(Path.Combine(outDir, "escape.txt"));
        Assert.NotEmpty(withTestLog);
        Assert.DoesNotContain(withTestLog, r => r.EndsWith(" unknown", StringComparison.Ordinal));
        Assert.Contains(withTestLog, r => r.EndsWith(" returned", StringComparison.Ordinal) || r.EndsWith(" call-parameter", StringComparison.Ordinal));
        Assert.Contains(buildOnly, r => r.EndsWith(" unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void With_benchtime_Nx_each_benchmark_reconciles_b_per_op_with_the_profile()
    {
        using var json = JsonDocument.Parse(Plain().Result.Output);
        var rows = json.RootElement.GetProperty("benchmarks").GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var results = row.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(results.Count * 51, row.GetProperty("ops").GetInt64()); // run1 (b.N=1) then b.N=50
            var profile = row.GetProperty("profileBytes").GetInt64();
            var timed = row.GetProperty("timedBytes").GetInt64();
            Assert.True(profile > 0 && timed > 0, row.ToString());

            // The profile holds the timed ops plus set-up: never much less than B/op x ops (tiny objects it does not count aside).
            Assert.True(profile >= timed * 95 / 100, $"{row}: profile {profile} < timed {timed}");

            // Two independent measures of the set-up agree: what B/op leaves out of the profile, and what the profile
            // holds under lines Go's parser finds before b.ResetTimer (the example's benchmarks build input there).
            var untimed = row.GetProperty("untimedBytes").GetInt64();
            var setUp = row.GetProperty("setUpBytes").GetInt64();
            Assert.True(Math.Abs(untimed - setUp) <= Math.Max(profile / 50, 16 << 10), $"{row}: untimed {untimed}, on set-up lines {setUp}");
        }
    }

    [Fact]
    public void Per_benchmark_runs_each_benchmark_alone_and_reconciles_each_with_its_own_profile()
    {
        GoTool.Require();
        var outDir = Path.Combine(example.Root, "per-benchmark");
        var result = CliRunner.Run("analyze", "--dir", Repo.Example(), "--bench", "MapGrowth|SliceGrowth", "--per-benchmark", "--benchtime", "20x",
            "--trace", "--out", outDir, "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.GetProperty("benchmarks").GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["BenchmarkMapGrowth", "BenchmarkSliceGrowth"], rows.Select(r => r.GetProperty("benchmark").GetString()).Order());
        foreach (var row in rows)
        {
            var name = row.GetProperty("benchmark").GetString()!;
            var profile = Path.Combine(outDir, $"example.com_hotspots.{name}.mem.pprof");
            var output = Path.Combine(outDir, $"example.com_hotspots.{name}.test.txt");
            Assert.True(File.Exists(profile) && File.Exists(output), $"{name}: its own profile and output");
            Assert.Equal(21, row.GetProperty("ops").GetInt64());

            // Its profile holds that benchmark alone: joined on its own it gives the same row.
            var alone = CliRunner.Run("report", "--profile", profile, "--bench", output, "--benchtime", "20x", "--format", "json");
            Assert.True(alone.ExitCode == 0, alone.Error);
            using var single = JsonDocument.Parse(alone.Output);
            var only = Assert.Single(single.RootElement.GetProperty("benchmarks").GetProperty("rows").EnumerateArray());
            Assert.Equal(name, only.GetProperty("benchmark").GetString());
            Assert.Equal(row.GetProperty("profileBytes").GetInt64(), only.GetProperty("profileBytes").GetInt64());
        }

        Assert.Contains("-bench '^BenchmarkMapGrowth$'", File.ReadAllText(Path.Combine(outDir, "COMMANDS.txt")), StringComparison.Ordinal);

        // --trace: each run is traced too, with the test binary's gctrace lines taken out of its output into their own
        // file (benchmark lines stay whole: the rows above parsed), and the report adds the lifecycle from the (first) trace.
        Assert.True(File.Exists(Path.Combine(outDir, "example.com_hotspots.BenchmarkMapGrowth.trace")));
        foreach (var name in new[] { "BenchmarkMapGrowth", "BenchmarkSliceGrowth" })
        {
            var gcLines = File.ReadAllLines(Path.Combine(outDir, $"example.com_hotspots.{name}.gctrace.txt"));
            Assert.NotEmpty(gcLines);
            Assert.All(gcLines, l => Assert.True(l.StartsWith("gc ", StringComparison.Ordinal) || l == "GC forced", l));
            Assert.DoesNotContain(" MB goal", File.ReadAllText(Path.Combine(outDir, $"example.com_hotspots.{name}.test.txt")), StringComparison.Ordinal);
        }

        var lifecycle = json.RootElement.GetProperty("lifecycle");
        Assert.StartsWith("trace ", lifecycle.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.True(lifecycle.GetProperty("allocatedBytes").GetInt64() > 0);
        Assert.Contains("GOGC from gctrace ", lifecycle.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_outside_any_module_exits_2_saying_how_to_make_one_and_leaves_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("allocscope-nomod-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "main.go"), "package main\n\nfunc main() {}\n");
            var result = CliRunner.Run("analyze", "--dir", folder);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("go mod init", result.Error, StringComparison.Ordinal);
            Assert.Equal(["main.go"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_go_it_exits_4_and_says_how_to_install_it()
    {
        var result = CliProcess.Run(new Dictionary<string, string> { ["ALLOCSCOPE_GO"] = "none" }, "analyze", "--dir", Repo.Example(), "--out", Path.Combine(example.Root, "nogo"));
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("apt-get install -y golang-1.19-go", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_a_command_that_writes_its_own_heap_profile_with_every_allocation_recorded()
    {
        GoTool.Require();
        var outDir = Path.Combine(example.Root, "run");
        var result = CliRunner.Run("analyze", "--dir", Repo.Example(), "--run", "go run ./cmd/hotspots -n 3 -memprofilerate {memprofilerate} -heapproto {profile}", "--exact",
            "--out", outDir, "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("exact").GetBoolean());
        var growth = Plants.Find("plain.go", "map-growth");
        Assert.Contains(json.RootElement.GetProperty("sites").EnumerateArray(),
            s => s.GetProperty("line").GetInt64() == growth.Line && s.GetProperty("kind").GetString() == "map-growth");
        Assert.Contains("-memprofilerate 1 -heapproto", File.ReadAllText(Path.Combine(outDir, "COMMANDS.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_that_ignores_the_exact_rate_is_reported_as_sampled_with_a_warning()
    {
        GoTool.Require();
        var result = CliRunner.Run("analyze", "--dir", Repo.Example(), "--run", "go run ./cmd/hotspots -n 3 -heapproto {profile}", "--exact",
            "--out", Path.Combine(example.Root, "run-sampled"), "--format", "json", "--limit", "1");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("exact").GetBoolean());
        Assert.Contains("warning: exact counts were asked for", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_binary_a_legacy_heap_profile_shows_the_runtime_frames_go_hides_and_they_confirm_the_kinds()
    {
        GoTool.Require();
        var dir = Path.Combine(example.Root, "binary");
        Directory.CreateDirectory(dir);
        var binary = Path.Combine(dir, "hotspots");
        var profile = Path.Combine(dir, "heap.txt");
        GoTool.Run(Repo.Example(), "build", "-o", binary, "./cmd/hotspots");
        var run = AllocScope.Toolchain.ProcessRunner.Run(binary, ["-n", "3", "-memprofilerate", "1", "-heap", profile], cancellation: TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.StandardError);

        var result = CliRunner.Run("report", "--profile", profile, "--binary", binary, "--source", Repo.Example(), "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var sites = json.RootElement.GetProperty("sites").EnumerateArray().ToList();
        var growth = Plants.Find("plain.go", "map-growth");
        var site = sites.First(s => s.GetProperty("line").GetInt64() == growth.Line && s.GetProperty("file").GetString()!.EndsWith("/plain.go", StringComparison.Ordinal));
        Assert.Equal("map-growth", site.GetProperty("kind").GetString());
        Assert.Contains(site.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("type").GetString() == "profile-frame" && e.GetProperty("function").GetString()!.StartsWith("runtime.mapassign", StringComparison.Ordinal));

        var concat = Plants.Find("plain.go", "string-concat");
        var concatSite = sites.First(s => s.GetProperty("line").GetInt64() == concat.Line && s.GetProperty("file").GetString()!.EndsWith("/plain.go", StringComparison.Ordinal));
        Assert.Equal("string-concat", concatSite.GetProperty("kind").GetString());
        Assert.Contains(concatSite.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("type").GetString() == "profile-frame" && e.GetProperty("function").GetString()!.StartsWith("runtime.concatstring", StringComparison.Ordinal));
    }

    private static string FunctionAt(JsonElement report, string file, int line) =>
        report.GetProperty("sites").EnumerateArray()
            .First(s => s.GetProperty("line").GetInt64() == line && s.GetProperty("file").GetString()!.EndsWith("/" + file, StringComparison.Ordinal))
            .GetProperty("function").GetString()!;

    private static long BytesOf(JsonElement report, string function) =>
        report.GetProperty("sites").EnumerateArray().Where(s => s.GetProperty("function").GetString() == function).Sum(s => s.GetProperty("bytes").GetInt64());
}
