using System.Text.Json;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Sites;

/// <summary>
/// Benchmarks as the workload on a real library whose benchmarks build their input with the timer stopped:
/// compress/flate's BenchmarkEncode and BenchmarkDecode (testdata/std/compress-flate, recorded with -benchtime 5x).
/// The untimed share comes from two independent sides: B/op × ops from go test against the profile, and the lines of
/// the benchmark bodies Go's parser finds between b.StopTimer and b.StartTimer.
/// </summary>
public sealed class TheBenchmarkWorkload
{
    private static readonly string Flate = Path.Combine(Repo.Root, "testdata", "std", "compress-flate");

    private static JsonElement Report(params string[] extra)
    {
        GoTool.Require();
        var result = CliRunner.Run(["report", "--profile", Path.Combine(Flate, "mem.pprof"), "--escape", Path.Combine(Flate, "m2.txt"),
            "--bench", Path.Combine(Flate, "bench.txt"), "--format", "json", "--limit", "0", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    [Fact]
    public void Go_parser_finds_the_lines_between_StopTimer_and_StartTimer_of_a_std_benchmark()
    {
        var go = GoTool.Require();
        var file = Path.Combine(Repo.RequireGoRoot(), "src", "compress", "flate", "reader_test.go");
        var lines = File.ReadAllLines(file);
        var stop = Array.FindIndex(lines, l => l.Trim() == "b.StopTimer()") + 1;
        var start = Array.FindIndex(lines, l => l.Trim() == "b.StartTimer()") + 1;
        Assert.True(stop > 0 && start > stop, "the std benchmark changed shape");

        var untimed = new GoFacts(go, Repo.Root).UntimedLines([file]);
        Assert.NotNull(untimed);
        Assert.Equal([(stop + 1, start)], untimed![file]);
    }

    [Fact]
    public void With_benchtime_Nx_each_benchmark_splits_into_timed_b_per_op_and_untimed_set_up()
    {
        var benchmarks = Report("--benchtime", "5x").GetProperty("benchmarks");
        Assert.Equal("5x", benchmarks.GetProperty("benchtime").GetString());
        var rows = benchmarks.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("benchmark").GetString()!);
        Assert.Equal(["BenchmarkDecode", "BenchmarkEncode"], rows.Keys.Order());
        foreach (var row in rows.Values)
        {
            var results = row.GetProperty("results").EnumerateArray().ToList();

            // testing runs b.N=1, then b.N=5: six ops per sub-benchmark, each in the profile.
            Assert.All(results, r => Assert.Equal(5, r.GetProperty("iterations").GetInt64()));
            Assert.Equal(results.Count * 6, row.GetProperty("ops").GetInt64());
            var timed = results.Sum(r => r.GetProperty("bytesPerOp").GetDouble() * 6);
            Assert.Equal(Math.Round(timed), row.GetProperty("timedBytes").GetInt64());
            var profile = row.GetProperty("profileBytes").GetInt64();
            Assert.Equal(profile - row.GetProperty("timedBytes").GetInt64(), row.GetProperty("untimedBytes").GetInt64());

            // Both benchmarks make their compressor or input with the timer stopped: most of their bytes, by both measures.
            var untimed = row.GetProperty("untimedBytes").GetInt64();
            var setUp = row.GetProperty("setUpBytes").GetInt64();
            Assert.True(untimed > profile * 8 / 10, $"{row}: untimed {untimed} of {profile}");
            Assert.True(setUp > profile * 8 / 10 && setUp <= untimed, $"{row}: set-up lines {setUp}, untimed {untimed} of {profile}");
        }
    }

    [Fact]
    public void Set_up_rows_are_hidden_by_default_and_ranked_as_set_up_with_show_harness()
    {
        var hidden = Report();
        Assert.True(hidden.GetProperty("hidden").GetProperty("set-up").GetInt64() > hidden.GetProperty("total").GetInt64() / 2);
        Assert.DoesNotContain(hidden.GetProperty("sites").EnumerateArray(), s => s.GetProperty("scope").GetString() != "code");
        Assert.Contains(hidden.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("timer stopped", StringComparison.Ordinal));

        // Without the ops known the split is not invented: the rows say so.
        var row = hidden.GetProperty("benchmarks").GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Null, row.GetProperty("untimedBytes").ValueKind);

        var shown = Report("--show-harness");
        var sites = shown.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(shown.GetProperty("total").GetInt64(), sites.Sum(s => s.GetProperty("value").GetInt64()));
        var setUp = sites.Where(s => s.GetProperty("scope").GetString() == "set-up").ToList();
        Assert.Equal(hidden.GetProperty("hidden").GetProperty("set-up").GetInt64(), setUp.Sum(s => s.GetProperty("value").GetInt64()));

        // The compressor NewWriter makes before b.StartTimer is set-up, not a row of the code under study.
        Assert.Contains(setUp, s => s.GetProperty("function").GetString()!.StartsWith("compress/flate.", StringComparison.Ordinal));
        Assert.DoesNotContain(hidden.GetProperty("sites").EnumerateArray(), s => s.GetProperty("function").GetString() == "compress/flate.(*compressor).init"
            && s.GetProperty("value").GetInt64() > hidden.GetProperty("total").GetInt64() / 10);
    }

    [Fact]
    public void A_benchtime_that_is_not_a_count_or_duration_is_a_usage_error()
    {
        var result = CliRunner.Run("report", "--profile", Path.Combine(Flate, "mem.pprof"), "--bench", Path.Combine(Flate, "bench.txt"), "--benchtime", "0x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--benchtime 0x", result.Error, StringComparison.Ordinal);
    }
}
