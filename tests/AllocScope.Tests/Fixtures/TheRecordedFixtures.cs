using System.Text.RegularExpressions;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Fixtures;

/// <summary>Facts about testdata/hotspots that only real Go output gives; they break if a fixture is hand-edited or stale.</summary>
public sealed class TheRecordedFixtures
{
    [Fact]
    public void The_manifest_records_the_go_version_and_the_command_of_every_file()
    {
        var manifest = File.ReadAllText(Repo.Fixture("MANIFEST.md"));
        Assert.Matches(@"go version go1\.\d+(\.\d+)? linux/", manifest);
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "testdata", "hotspots")))
        {
            var name = Path.GetFileName(file);
            if (name == "MANIFEST.md")
            {
                continue;
            }

            Assert.Contains($"`{name}`", manifest, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_committed_fixtures_stay_small()
    {
        var total = Directory.EnumerateFiles(Path.Combine(Repo.Root, "testdata"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(total < 5_000_000, $"testdata is {total} bytes; large inputs are generated on demand, not committed");
    }

    [Fact]
    public void The_m2_log_reports_each_planted_make_at_its_marked_line()
    {
        var log = File.ReadAllText(Repo.Fixture("m2.txt"));
        var mapMake = Plants.Find("plain.go", "map-make");
        var mapNew = Plants.Find("plain.go", "map-new");
        var sliceMake = Plants.Find("plain.go", "slice-make");
        Assert.Matches($@"(?m)^\./plain\.go:{mapMake.Line}:\d+: make\(map\[string\]int\) escapes to heap$", log);
        Assert.Matches($@"(?m)^\./plain\.go:{mapNew.Line}:\d+: make\(map\[string\]int\) escapes to heap$", log);
        Assert.Matches($@"(?m)^\./plain\.go:{sliceMake.Line}:\d+: make\(\[\]int, HistBuckets\) escapes to heap$", log);
    }

    [Fact]
    public void The_m2_log_explains_the_heap_reasons_the_compiler_gives()
    {
        var log = File.ReadAllText(Repo.Fixture("m2.txt"));
        var nonConst = Plants.Find("plain.go", "nonconst-size");
        var tooLarge = Plants.Find("plain.go", "too-large");
        Assert.Matches($@"(?m)^\./plain\.go:{nonConst.Line}:\d+:\s+from make\(\[\]byte, width\) \(non-constant size\) at \./plain\.go:{nonConst.Line}:\d+$", log);
        Assert.Matches($@"(?m)^\./plain\.go:{tooLarge.Line}:\d+:\s+from make\(\[\]byte, ScratchSize\) \(too large for stack\) at \./plain\.go:{tooLarge.Line}:\d+$", log);
        Assert.Contains("# example.com/hotspots", log, StringComparison.Ordinal);
    }

    [Fact]
    public void The_optimised_build_keeps_the_histogram_in_the_index_instead_of_returning_it()
    {
        var plain = File.ReadAllText(Repo.Fixture("m2.txt"));
        var optimized = File.ReadAllText(Repo.Fixture("m2-optimized.txt"));
        var plainLine = Plants.Find("plain.go", "slice-make").Line;
        var optimizedLine = Plants.Find("optimized.go", "slice-make").Line;
        Assert.Matches($@"(?m)^\./plain\.go:{plainLine}:\d+:\s+from return counts \(return\)", plain);
        Assert.Matches($@"(?m)^\./optimized\.go:{optimizedLine}:\d+:\s+from ix\.hist = make\(\[\]int, HistBuckets\) \(assign\)", optimized);
    }

    [Fact]
    public void The_legacy_heap_profiles_carry_go_s_doubled_rate_in_the_header()
    {
        Assert.Matches(@"^heap profile: \d+: \d+ \[\d+: \d+\] @ heap/2\n", File.ReadAllText(Repo.Fixture("heap-legacy.txt")));
        Assert.Matches(@"^heap profile: \d+: \d+ \[\d+: \d+\] @ heap/1048576\n", File.ReadAllText(Repo.Fixture("heap-legacy-default.txt")));
    }

    [Fact]
    public void The_gctrace_has_several_go_1_19_gc_lines()
    {
        var lines = File.ReadAllLines(Repo.Fixture("gctrace.txt")).Where(l => l.StartsWith("gc ", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count >= 5);
        Assert.All(lines, l => Assert.Matches(@"^gc \d+ @[\d.]+s \d+%: .* ms clock, .* ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P( \(forced\))?$", l));
    }

    [Fact]
    public void The_benchmark_outputs_have_ten_runs_of_every_benchmark_with_allocs()
    {
        foreach (var file in new[] { "bench-plain.txt", "bench-optimized.txt" })
        {
            var results = File.ReadAllLines(Repo.Fixture(file))
                .Select(l => Regex.Match(l, @"^(Benchmark\S+)\s+\d+\s+[\d.]+ ns/op.*\s(\d+) allocs/op$"))
                .Where(m => m.Success)
                .GroupBy(m => m.Groups[1].Value)
                .ToList();
            Assert.NotEmpty(results);
            Assert.All(results, g => Assert.Equal(10, g.Count()));
        }
    }

    [Fact]
    public void The_execution_trace_was_written_by_go_1_19()
    {
        var header = File.ReadAllBytes(Repo.Fixture("trace.out")).AsSpan(0, 16).ToArray();
        Assert.Equal("go 1.19 trace\0\0\0"u8.ToArray(), header);
    }
}
