using AllocScope.App.Hosting;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// Absurd values (a hand-made edge case, written by the test): sample values near INT64_MAX and a string table bomb.
/// Sample values near INT64_MAX (a hand-made edge case, written by the test): sums and differences are checked, so a
/// table never shows a wrapped number (pprof's does) and the run is a bad-input error naming the file and sample type.
/// </summary>
public sealed class TheAbsurdValues : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"allocscope-overflow-{Guid.NewGuid():N}");

    public TheAbsurdValues() => Directory.CreateDirectory(_folder);

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

    [Fact]
    public void A_string_table_bomb_stops_at_the_string_table_limit_naming_its_flag()
    {
        var path = Path.Combine(_folder, "strings.pb.gz");
        using (var file = File.Create(path))
        {
            var w = ProfileProtoWriter.Gzip(file);
            w.SampleType("alloc_space", "bytes");
            for (var i = 0; i < 16; i++)
            {
                w.String(new string((char)('a' + i), 1 << 20)); // 16 MB of names from a few kB on disk
            }

            w.Finish();
        }

        Assert.True(new FileInfo(path).Length < 1 << 20);
        var result = CliRunner.Run("top", path, "--max-string-table", "8M");
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains("the string table is larger than 8 MB (raise the limit with --max-string-table)", result.Error, StringComparison.Ordinal);
        Assert.Equal(256L << 20, new AllocScope.Inputs.InputLimits().MaxStringTableBytes);
        Assert.Equal(0, CliRunner.Run("top", path, "--max-string-table", "64M").ExitCode);
    }
}
