using System.Text.Json;
using AllocScope.App.Hosting;
using AllocScope.Tests.Cli;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.GcTrace;

/// <summary>`allocscope gctrace LOG`: its outputs on the recorded fixture and its one-line errors.</summary>
public sealed class TheGcTraceCommand
{
    [Fact]
    public void Json_has_the_documented_keys_and_the_fixture_s_numbers()
    {
        var result = CliRunner.Run("gctrace", Repo.Fixture("gctrace.txt"), "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Output);
        var root = doc.RootElement;
        Assert.Equal(AllocScope.Report.ReportDocument.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("1.18+", root.GetProperty("goLayout").GetString());
        Assert.Equal(15, root.GetProperty("gcCount").GetInt32());
        Assert.Equal(0, root.GetProperty("forcedCount").GetInt32());
        Assert.Equal(20, root.GetProperty("cpuPercent").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("inferredGogc").ValueKind);
        Assert.Equal(0, root.GetProperty("skippedLines").GetInt32());
        foreach (var key in new[] { "stwTotalMs", "stwMaxMs", "pauseP50Ms", "pauseP99Ms", "spanSeconds" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
        }

        var cycles = root.GetProperty("cycles").EnumerateArray().ToList();
        Assert.Equal(15, cycles.Count);
        var last = cycles[^1]; // gc 15 @0.289s 20%: 0.026+6.7+0.007 ms clock, 0.052+0/0.18/0.12+0.014 ms cpu, 3->5->2 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P
        Assert.Equal(15, last.GetProperty("n").GetInt32());
        Assert.Equal(0.289, last.GetProperty("startSeconds").GetDouble());
        Assert.Equal(0.026, last.GetProperty("stwSweepTermMs").GetDouble());
        Assert.Equal(6.7, last.GetProperty("markMs").GetDouble());
        Assert.Equal(0.007, last.GetProperty("stwMarkTermMs").GetDouble());
        Assert.Equal(0, last.GetProperty("assistCpuMs").GetDouble());
        Assert.Equal((3, 5, 2, 4), (last.GetProperty("heapStartMb").GetInt32(), last.GetProperty("heapEndMb").GetInt32(), last.GetProperty("heapLiveMb").GetInt32(), last.GetProperty("goalMb").GetInt32()));
        Assert.Equal(0, last.GetProperty("stacksMb").GetInt32());
        Assert.Equal(0, last.GetProperty("globalsMb").GetInt32());
        Assert.Equal(2, last.GetProperty("procs").GetInt32());
        Assert.False(last.GetProperty("forced").GetBoolean());
    }

    [Fact]
    public void Json_of_an_old_layout_has_null_stacks_and_globals()
    {
        var path = Path.Combine(Path.GetTempPath(), $"allocscope-gctrace-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, HandWritten.Go117 + "\n");
        try
        {
            var result = CliRunner.Run("gctrace", path, "--format", "json");
            Assert.Equal(0, result.ExitCode);
            using var doc = JsonDocument.Parse(result.Output);
            Assert.Equal("1.7-1.17", doc.RootElement.GetProperty("goLayout").GetString());
            var cycle = doc.RootElement.GetProperty("cycles")[0];
            Assert.Equal(JsonValueKind.Null, cycle.GetProperty("stacksMb").ValueKind);
            Assert.Equal(JsonValueKind.Null, cycle.GetProperty("globalsMb").ValueKind);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Text_shows_the_layout_the_totals_the_pacer_and_the_table()
    {
        var result = CliRunner.Run("gctrace", Repo.Fixture("gctrace.txt"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Go layout 1.18+", result.Output, StringComparison.Ordinal);
        Assert.Contains("Heap sizes are MiB", result.Output, StringComparison.Ordinal);
        Assert.Contains("Cycles: 15 (0 forced", result.Output, StringComparison.Ordinal);
        Assert.Contains("p99", result.Output, StringComparison.Ordinal);
        Assert.Contains("Pacer: GOGC not inferred", result.Output, StringComparison.Ordinal);
        Assert.Contains("Allocation rate:", result.Output, StringComparison.Ordinal);
        var rows = result.Output.Split('\n').Where(l => l.Contains("->", StringComparison.Ordinal) && !l.Contains("heap", StringComparison.Ordinal)).ToList();
        Assert.Equal(15, rows.Count);
        Assert.Contains("53", rows[7], StringComparison.Ordinal); // gc 8's 53 ms sweep termination
    }

    [Fact]
    public void Text_and_markdown_take_a_limit_of_cycles()
    {
        var text = CliRunner.Run("gctrace", Repo.Fixture("gctrace.txt"), "--limit", "2");
        Assert.Contains("the first 2 of 15", text.Output, StringComparison.Ordinal);
        var md = CliRunner.Run("gctrace", Repo.Fixture("gctrace.txt"), "--format", "markdown", "--limit", "3");
        Assert.Equal(0, md.ExitCode);
        Assert.StartsWith("# GC trace: ", md.Output, StringComparison.Ordinal);
        Assert.Equal(3, md.Output.Split('\n').Count(l => l.StartsWith("| 1 | ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Reads_standard_input()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stdin = File.OpenRead(Repo.Fixture("gctrace.txt"));
        var code = AllocScope.Cli.AllocScopeCli.Run(["gctrace", "-", "--format", "json"], new TextConsole(output, error, stdin), TestContext.Current.CancellationToken);
        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(15, json.RootElement.GetProperty("gcCount").GetInt32());
        Assert.Equal("-", json.RootElement.GetProperty("file").GetString());
    }

    [Theory]
    [InlineData("missing", "no such file")]
    [InlineData("directory", "is a directory, not a file")]
    [InlineData("no-gc-lines", "no gctrace lines")]
    [InlineData("empty", "empty file")]
    public void A_missing_file_a_directory_or_a_file_without_gc_lines_exits_3_with_one_line(string what, string expected)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"allocscope-gctrace-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var path = what switch
            {
                "missing" => Path.Combine(folder, "nothing.txt"),
                "directory" => folder,
                _ => Path.Combine(folder, "log.txt"),
            };
            if (what == "no-gc-lines")
            {
                File.WriteAllText(path, "hello from the program\nNumGC=0\n");
            }
            else if (what == "empty")
            {
                File.WriteAllText(path, "");
            }

            var result = CliRunner.Run("gctrace", path);
            Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
            Assert.Equal("", result.Output);
            var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"allocscope: {path}: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Every_json_key_is_documented_in_the_schema_page()
    {
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "json-schemas.md"));
        var start = docs.IndexOf("## gctrace --format json", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/json-schemas.md has no gctrace section");
        var section = docs[start..docs.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        using var doc = JsonDocument.Parse(CliRunner.Run("gctrace", Repo.Fixture("gctrace.txt"), "--format", "json").Output);
        foreach (var key in doc.RootElement.EnumerateObject().Select(p => p.Name))
        {
            Assert.Contains($"`{key}`", section, StringComparison.Ordinal);
        }

        foreach (var key in doc.RootElement.GetProperty("cycles")[0].EnumerateObject().Select(p => p.Name))
        {
            Assert.Contains($"`cycles[].{key}`", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Help_names_only_options_the_command_has()
    {
        new TheCommandLine().Help_texts_name_only_options_the_command_has("gctrace");
        var help = CliRunner.Run("gctrace", "--help").Output;
        Assert.Contains("--limit", help, StringComparison.Ordinal);
        Assert.Contains("--format", help, StringComparison.Ordinal);
        Assert.Contains("gctrace", CliRunner.Run("--help").Output, StringComparison.Ordinal);
    }
}
