using System.Globalization;
using AllocScope.Bench;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Bench;

/// <summary>The result lines of real `go test -bench -benchmem` output (testdata/hotspots, 5 rounds x -count 2).</summary>
public sealed class TheBenchmarkOutputReader
{
    private static IReadOnlyList<BenchmarkResult> Read(string path, bool oneByte = false)
    {
        Stream stream = File.OpenRead(path);
        if (oneByte)
        {
            stream = new OneByteStream(stream);
        }

        using var input = InputFile.FromStream(stream, path, new InputLimits());
        return BenchmarkOutputReader.Read(input);
    }

    [Fact]
    public void Averages_the_runs_of_each_benchmark_and_drops_the_gomaxprocs_suffix()
    {
        var path = Repo.Fixture("bench-plain.txt");
        var results = Read(path);
        Assert.Equal(15, results.Count);
        var workload = Assert.Single(results, r => r.Name == "BenchmarkWorkload");
        Assert.Equal(10, workload.Runs);

        // The mean of the ten lines, computed here from the text.
        var lines = File.ReadLines(path).Where(l => l.StartsWith("BenchmarkWorkload-", StringComparison.Ordinal)).Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        double Mean(string unit) => lines.Average(f => double.Parse(f[Array.IndexOf(f, unit) - 1], CultureInfo.InvariantCulture));
        Assert.Equal(Mean("ns/op"), workload.NsPerOp, 6);
        Assert.Equal(Mean("B/op"), workload.BytesPerOp!.Value, 6);
        Assert.Equal(Mean("allocs/op"), workload.AllocsPerOp!.Value, 6);
    }

    [Fact]
    public void Reads_the_same_in_one_byte_chunks()
    {
        var path = Repo.Fixture("bench-optimized.txt");
        Assert.Equal(Read(path), Read(path, oneByte: true));
    }

    [Fact]
    public void Sub_benchmarks_keep_their_full_name_and_name_their_function()
    {
        var results = Read(Path.Combine(Repo.Root, "testdata", "std", "compress-flate", "bench.txt"));
        var one = results.First(r => r.Name == "BenchmarkDecode/Digits/Huffman/1e4");
        Assert.Equal("BenchmarkDecode", one.Function);
        Assert.Null(results.FirstOrDefault(r => r.Name.EndsWith("-2", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_file_without_result_lines_is_a_bad_input_naming_it()
    {
        var e = Assert.Throws<InputFormatException>(() => Read(Repo.Fixture("m1.txt")));
        Assert.Contains("no benchmark result lines", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("m1.txt", e.File, StringComparison.Ordinal);
    }
}
