using System.Text.Json;
using System.Text.RegularExpressions;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Trace;

/// <summary>`allocscope trace`: the report, its JSON, the heap timeline, bad inputs, and a run of the example.</summary>
public sealed partial class TheTraceCommand
{
    [Fact]
    public void Json_has_the_documented_keys_and_gos_numbers()
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, "http_1_19_good");
        var result = CliRunner.Run("trace", path, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        var go = GoTraceDump.Of(path);
        Assert.Equal("1.19", root.GetProperty("goVersion").GetString());
        Assert.Equal(go.Events.Count, root.GetProperty("events").GetInt64());
        Assert.Equal(go.Counts.GetValueOrDefault("GCStart"), root.GetProperty("gcCount").GetInt64());
        Assert.Equal(go.StwTotal(1019), root.GetProperty("stwTotalNs").GetInt64());
        Assert.Equal(go.MaxHeapAlloc, root.GetProperty("maxHeapAlloc").GetInt64());
        Assert.Equal(go.Counts.GetValueOrDefault("GoCreate"), root.GetProperty("goroutinesCreated").GetInt64());
        foreach (var gc in root.GetProperty("gcs").EnumerateArray())
        {
            foreach (var key in new[] { "startNs", "endNs", "stwNs", "heapBefore", "heapAfter", "heapGoal" })
            {
                Assert.Equal(JsonValueKind.Number, gc.GetProperty(key).ValueKind);
            }

            Assert.True(gc.GetProperty("endNs").GetInt64() >= gc.GetProperty("startNs").GetInt64());
        }
    }

    [Fact]
    public void Timeline_is_written_as_csv_one_row_per_heap_event()
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, "stress_1_19_good");
        var csv = Path.Combine(Directory.CreateTempSubdirectory("allocscope-timeline-").FullName, "heap timeline.csv");
        try
        {
            var result = CliRunner.Run("trace", path, "--timeline", csv);
            Assert.True(result.ExitCode == 0, result.Error);
            var lines = File.ReadAllLines(csv);
            Assert.Equal("time_ns,heap_alloc_bytes,heap_goal_bytes", lines[0]);
            var go = GoTraceDump.Of(path);
            Assert.Equal(go.Events.Count(e => e.Type is "HeapAlloc" or "HeapGoal"), lines.Length - 1);
            Assert.Contains("GC:", result.Output, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(csv)!, "*.tmp"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(csv)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("not-a-trace")]
    [InlineData("v2")]
    [InlineData("missing")]
    public void Bad_inputs_exit_3_with_one_line(string what)
    {
        var dir = Directory.CreateTempSubdirectory("allocscope-badtrace-").FullName;
        try
        {
            var path = Path.Combine(dir, what);
            if (what == "not-a-trace")
            {
                File.Copy(Repo.Fixture("mem-rate1.pprof"), path);
            }
            else if (what == "v2")
            {
                File.WriteAllBytes(path, [.. "go 1.22 trace\0\0\0"u8, 0, 1, 2, 3]);
            }

            var result = CliRunner.Run("trace", path);
            Assert.Equal(3, result.ExitCode);
            var lines = result.Error.Trim().Split('\n');
            Assert.StartsWith($"allocscope: {path}: ", lines[0], StringComparison.Ordinal);
            Assert.True(lines.Length <= 2, result.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_trace_of_the_example_has_as_many_gc_cycles_as_gctrace_lines_of_the_same_run()
    {
        GoTool.Require();
        var dir = Directory.CreateTempSubdirectory("allocscope-example-trace-").FullName;
        try
        {
            var binary = Path.Combine(dir, "hotspots");
            GoTool.Run(Repo.Example(), "build", "-o", binary, "./cmd/hotspots");
            var trace = Path.Combine(dir, "trace.out");
            var run = AllocScope.Toolchain.ProcessRunner.Run(binary, ["-n", "20", "-trace", trace], environment: new Dictionary<string, string> { ["GODEBUG"] = "gctrace=1" },
                cancellation: TestContext.Current.CancellationToken);
            Assert.True(run.ExitCode == 0, run.StandardError);
            // The example prints a marker right after trace.Start and right before trace.Stop: the cycles in between are the traced ones.
            var stderr = run.StandardError.Split('\n');
            // The runtime writes a gctrace line in several writes to the same stderr, so a marker can land inside one.
            var started = Array.FindIndex(stderr, l => l.Contains("hotspots: trace started", StringComparison.Ordinal));
            var stopping = Array.FindIndex(stderr, l => l.Contains("hotspots: trace stopping", StringComparison.Ordinal));
            Assert.True(started >= 0 && stopping > started, run.StandardError);

            // A gc line holding the stopping marker was printed (its cycle ended) before trace.Stop: it counts. One holding
            // the started marker may have ended on either side of trace.Start: it may count.
            var gcLines = stderr[(started + 1)..(stopping + 1)].Count(l => GcLine().IsMatch(l));
            var endedAroundStart = GcLine().IsMatch(stderr[started]) ? 1 : 0;
            Assert.True(gcLines > 0, "the example's workload runs the GC");

            var result = CliRunner.Run("trace", trace, "--format", "json");
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            // The runtime prints a cycle's line when it ends, and trace.Stop lets a running cycle finish first: that
            // one is in the trace but its line comes right after the "stopping" marker. Nothing else may differ.
            var begun = json.RootElement.GetProperty("gcCount").GetInt32();
            var completed = json.RootElement.GetProperty("gcs").GetArrayLength();
            var finishedDuringStop = stopping + 1 < stderr.Length && GcLine().IsMatch(stderr[stopping + 1]) ? 1 : 0;
            Assert.True(completed - gcLines >= 0 && completed - gcLines <= finishedDuringStop + endedAroundStart,
                $"{completed} cycles completed in the trace, {gcLines} gctrace lines between the markers:\n{run.StandardError}");
            Assert.InRange(begun - completed, 0, 1);
            Assert.True(json.RootElement.GetProperty("assistPayers").GetArrayLength() > 0, "some goroutine assisted the GC");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [GeneratedRegex(@"^gc \d+ @")]
    private static partial Regex GcLine();
}
