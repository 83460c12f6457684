using AllocScope.GcTrace;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.GcTrace;

/// <summary>gctrace lines taken out of `go test` output, where they land inside benchmark result lines.</summary>
public sealed class TheGcTraceLines
{
    [Fact]
    public void A_gc_line_inside_a_benchmark_line_is_taken_out_and_the_benchmark_line_put_back_together()
    {
        // Edge case made here from two real lines of the fixtures: the runtime prints the gc line while the benchmark
        // runs, after testing printed the benchmark's name and before its numbers.
        var gcLines = File.ReadLines(Repo.Fixture("gctrace.txt")).Take(2).ToList();
        var bench = File.ReadLines(Repo.Fixture("bench-plain.txt")).First(l => l.StartsWith("BenchmarkMapGrowth-2", StringComparison.Ordinal));
        var cut = bench.IndexOf('\t', StringComparison.Ordinal) + 1;
        var dir = Directory.CreateTempSubdirectory("allocscope-gclines-").FullName;
        try
        {
            var output = Path.Combine(dir, "test.txt");
            var gcTrace = Path.Combine(dir, "gctrace.txt");
            File.WriteAllText(output, $"goos: linux\n{bench[..cut]}{gcLines[0]}\n{gcLines[1]}\nGC forced\n{bench[cut..]}\nPASS\n");

            Assert.Equal(2, GcTraceLines.Separate(output, gcTrace));
            Assert.Equal(["goos: linux", bench, "PASS"], File.ReadAllLines(output));
            Assert.Equal([gcLines[0], gcLines[1], "GC forced"], File.ReadAllLines(gcTrace));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
