using System.Globalization;
using System.Text.Json;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// Two profiles written by the test-side <see cref="ProfileProtoWriter"/> (not Go's output): 12 million samples over
/// three stacks in a small gzip, and a million distinct stacks. Written once for the class.
/// </summary>
public sealed class AdversarialProfiles : IDisposable
{
    public const long RepeatedSamples = 12_000_000;
    public const long BytesPerSample = 64;

    public AdversarialProfiles()
    {
        Root = Directory.CreateTempSubdirectory("allocscope-adversarial-").FullName;
        MillionSamples = Path.Combine(Root, "twelve-million-samples.pb.gz");
        DistinctStacks = Path.Combine(Root, "million-distinct-stacks.pb.gz");
        using (var file = File.Create(MillionSamples))
        {
            var w = Start(file, frames: 4);
            for (var stack = 0; stack < 3; stack++)
            {
                w.Repeat([(ulong)(stack + 1), 4UL], [1, BytesPerSample], RepeatedSamples / 3);
            }

            w.Finish();
        }

        using (var file = File.Create(DistinctStacks))
        {
            var w = Start(file, frames: 1000);
            for (ulong a = 1; a <= 1000; a++)
            {
                for (ulong b = 1; b <= 1000; b++)
                {
                    w.Sample([a, b], [1, 16]);
                }
            }

            w.Finish();
        }
    }

    public string Root { get; }

    public string MillionSamples { get; }

    public string DistinctStacks { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static ProfileProtoWriter Start(Stream file, int frames)
    {
        var w = ProfileProtoWriter.Gzip(file);
        w.SampleType("alloc_objects", "count");
        w.SampleType("alloc_space", "bytes");
        for (var id = 1; id <= frames; id++)
        {
            w.Frame((ulong)id, $"main.f{id}", "main.go", id);
        }

        return w;
    }
}

public sealed class TheAdversarialProfiles(AdversarialProfiles profiles) : IClassFixture<AdversarialProfiles>
{
    /// <summary>Runs the command line as its own process under GNU time: exit code, stdout, stderr and peak RSS in MB.</summary>
    private static (int Code, string Output, string Error, long PeakMb) Measure(params string[] args)
    {
        var timeFile = Path.GetTempFileName();
        try
        {
            CliProcess.Run(new Dictionary<string, string>(), "--version"); // builds the executable first, outside the measurement
            var result = ProcessRunner.Run("/usr/bin/time", ["-f", "%M", "-o", timeFile, CliProcess.Script, .. args], cancellation: TestContext.Current.CancellationToken);
            var peakKb = long.Parse(File.ReadAllLines(timeFile).Last(l => l.Length > 0 && char.IsDigit(l[0])), CultureInfo.InvariantCulture);
            TestContext.Current.TestOutputHelper?.WriteLine($"allocscope {string.Join(' ', args)}: exit {result.ExitCode}, peak {peakKb / 1024} MB");
            return (result.ExitCode, result.StandardOutput, CliProcess.StripBuildNotice(result.StandardError), peakKb / 1024);
        }
        finally
        {
            File.Delete(timeFile);
        }
    }

    [Fact]
    public void Twelve_million_samples_over_a_few_stacks_are_read_completely_under_a_gigabyte_with_the_right_totals()
    {
        Assert.True(new FileInfo(profiles.MillionSamples).Length < 5_000_000, "the gzip should be small");
        var (code, output, error, peakMb) = Measure("top", profiles.MillionSamples, "--format", "json", "--sample-index", "alloc_space");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(AdversarialProfiles.RepeatedSamples * AdversarialProfiles.BytesPerSample, json.RootElement.GetProperty("total").GetInt64());
        Assert.True(peakMb < 1024, $"peak {peakMb} MB");
    }

    [Fact]
    public void A_million_distinct_stacks_within_a_100_MB_budget_stop_at_the_budget_naming_the_flag()
    {
        // `tree` keeps every stack (`top` streams them, below).
        var (code, _, error, peakMb) = Measure("tree", profiles.DistinctStacks, "--max-memory", "100M");
        Assert.Equal(3, code);
        Assert.Contains("memory budget of 100 MB", error, StringComparison.Ordinal);
        Assert.Contains("--max-memory", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));

        // What the readers keep is charged before it is kept: the process stops near the budget, not far past it
        // (the rest is the .NET runtime, ~50 MB, and the decompression buffers). Measured: 108 MB.
        Assert.True(peakMb < 100 + 70, $"peak {peakMb} MB");
    }

    [Fact]
    public void Top_streams_the_million_distinct_stacks_within_the_same_budget()
    {
        var (code, output, error, peakMb) = Measure("top", profiles.DistinctStacks, "--max-memory", "100M", "--format", "json", "--sample-index", "alloc_objects", "--limit", "1");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1_000_000, json.RootElement.GetProperty("total").GetInt64());

        // The first pass keeps locations and strings, the second nothing per sample (the whole read needs over 100 MB).
        Assert.True(peakMb < 60, $"peak {peakMb} MB");
    }

    [Fact]
    public void With_default_limits_the_million_distinct_stacks_are_read()
    {
        var (code, output, error, _) = Measure("top", profiles.DistinctStacks, "--format", "json", "--sample-index", "alloc_objects", "--limit", "1");
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1_000_000, json.RootElement.GetProperty("total").GetInt64());
    }
}
