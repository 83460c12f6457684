using AllocScope.App.Hosting;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// Sample values near INT64_MAX (a hand-made edge case, written by the test): sums and differences are checked, so a
/// table never shows a wrapped number (pprof's does) and the run is a bad-input error naming the file and sample type.
/// </summary>
public sealed class TheValueOverflow : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"allocscope-overflow-{Guid.NewGuid():N}");

    public TheValueOverflow() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, params (ulong Location, long Bytes)[] samples)
    {
        var path = Path.Combine(_folder, name);
        using (var file = File.Create(path))
        {
            var w = ProfileProtoWriter.Gzip(file);
            w.SampleType("alloc_space", "bytes");
            w.Frame(1, "main.a", "main.go", 1);
            w.Frame(2, "main.b", "main.go", 2);
            foreach (var (location, bytes) in samples)
            {
                w.Sample([location], [bytes]);
            }

            w.Finish();
        }

        return path;
    }

    [Fact]
    public void Values_that_add_up_past_64_bits_are_a_bad_input_naming_the_sample_type()
    {
        var path = Write("big.pb.gz", (1, long.MaxValue), (2, long.MaxValue));
        var result = CliRunner.Run("top", path);
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Equal($"allocscope: {path}: the alloc_space values add up to more than a 64-bit integer holds", result.Error.Trim());
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_difference_past_64_bits_is_a_bad_input_not_a_wrapped_number()
    {
        var low = Write("low.pb.gz", (1, long.MinValue + 1));
        var high = Write("high.pb.gz", (1, long.MaxValue));
        var result = CliRunner.Run("diff", low, high);
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains("is more than a 64-bit integer holds", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
