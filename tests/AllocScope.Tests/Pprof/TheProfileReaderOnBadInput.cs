using System.IO.Compression;
using AllocScope.App.Hosting;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>Truncated, corrupt, empty and wrong files end in one <see cref="InputFormatException"/>, never a crash, hang or partial profile.</summary>
public sealed class TheProfileReaderOnBadInput
{
    private static byte[] Gunzip(byte[] data)
    {
        using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Every real profile whose every proper prefix is detectably incomplete.</summary>
    public static IEnumerable<TheoryDataRow<string>> TruncatableFiles() =>
    [
        new("shared:pprof-testdata/gobench.cpu"),
        new("shared:pprof-testdata/go.crc32.cpu"),
        new("go:allocs.pb.gz"),
        new("go:allocs.pb"),
        new("go:heap.txt"),
    ];

    private static byte[] Load(string name)
    {
        if (name.StartsWith("shared:", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(Repo.RequireShared(name["shared:".Length..]));
        }

        var file = name["go:".Length..];
        return file == "allocs.pb"
            ? Gunzip(File.ReadAllBytes(GoHeapProfiles.Shared["allocs.pb.gz"]))
            : File.ReadAllBytes(GoHeapProfiles.Shared[file]);
    }

    [Theory]
    [MemberData(nameof(TruncatableFiles))]
    public void Every_truncation_is_a_clear_error(string name)
    {
        var data = Load(name);
        Assert.NotNull(ProfileReader.Read(new MemoryStream(data), name));
        var step = Math.Max(1, data.Length / 4000);

        // A text profile cut after its last required line ("# DebugGC", then only "# MaxRSS") is complete.
        var complete = data.Length;
        var debugGc = data.AsSpan().IndexOf("# DebugGC"u8);
        if (debugGc >= 0)
        {
            complete = debugGc + data.AsSpan(debugGc).IndexOf((byte)'\n');
        }

        for (var length = 0; length < complete; length += length < 200 || data.Length - length < 200 ? 1 : step)
        {
            var e = Assert.Throws<InputFormatException>(() =>
            {
                ProfileReader.Read(new MemoryStream(data, 0, length), name);
                Assert.Fail($"a truncation to {length} of {data.Length} bytes was read as a profile");
            });
            Assert.Equal(name, e.File);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
    }

    [Theory]
    [InlineData("go:allocs.pb.gz")]
    [InlineData("go:allocs.pb")]
    [InlineData("go:heap.txt")]
    [InlineData("shared:pprof-testdata/gobench.cpu")]
    [InlineData("shared:pprof-testdata/gobench.heap")]
    public void Random_byte_flips_give_a_profile_or_a_clear_error_never_a_crash(string name)
    {
        var data = Load(name);
        var random = new Random(1234);
        for (var trial = 0; trial < 400; trial++)
        {
            var copy = (byte[])data.Clone();
            var flips = 1 + random.Next(4);
            for (var i = 0; i < flips; i++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }

            try
            {
                var profile = ProfileReader.Read(new MemoryStream(copy), name);
                Assert.NotNull(profile.Samples);
            }
            catch (InputFormatException e)
            {
                Assert.Equal(name, e.File);
            }
        }
    }

    [Fact]
    public void A_flipped_byte_in_gzipped_data_is_caught_by_its_checksum()
    {
        var data = Load("go:allocs.pb.gz");
        var original = Gunzip(data);
        var random = new Random(99);
        var caught = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var copy = (byte[])data.Clone();

            // Past the 10-byte gzip header, whose flags and timestamp are not checksummed.
            copy[10 + random.Next(copy.Length - 10)] ^= (byte)(1 << random.Next(8));
            try
            {
                ProfileReader.Read(new MemoryStream(copy), "flipped.pb.gz");
            }
            catch (InputFormatException)
            {
                caught++;
                continue;
            }

            // Accepted only where no checksum can see the flip because it changes nothing decoded: an unused code
            // length of a block's Huffman table, a back-reference to equal bytes elsewhere, padding after the last
            // block (about 1 bit in 4,000 of a Go profile; the profile differs per run, so some runs meet one).
            Assert.Equal(original, Gunzip(copy));
        }

        Assert.True(caught >= 190, $"only {caught} of 200 flips were caught");
    }

    [Fact]
    public void Every_file_of_the_trace_fuzz_corpus_is_rejected_cleanly()
    {
        var dir = Repo.RequireShared("go-trace-v2/fuzz");
        var files = Directory.GetFiles(dir);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var e = Assert.Throws<InputFormatException>(() => ProfileReader.Read(file));
            Assert.Equal(file, e.File);
        }
    }

    [Fact]
    public void An_empty_file_is_an_error_that_says_so()
    {
        var e = Assert.Throws<InputFormatException>(() => ProfileReader.Read(new MemoryStream([]), "empty.pprof"));
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_of_nothing_is_an_error()
    {
        using var buffer = new MemoryStream();
        using (new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
        }

        Assert.Throws<InputFormatException>(() => ProfileReader.Read(new MemoryStream(buffer.ToArray()), "nothing.pb.gz"));
    }

    [Fact]
    public void An_execution_trace_is_named_as_one()
    {
        var testdata = Path.Combine(Repo.RequireGoRoot(), "src", "internal", "trace", "testdata");
        var trace = Directory.Exists(testdata) ? Directory.GetFiles(testdata).FirstOrDefault(f => f.EndsWith("_good", StringComparison.Ordinal)) : null;
        Assert.SkipWhen(trace is null, $"the installed Go has no v1 trace test data in {testdata}");
        var e = Assert.Throws<InputFormatException>(() => ProfileReader.Read(trace!));
        Assert.Contains("execution trace", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escape_log_is_named_as_one()
    {
        var log = Repo.RequireShared("go1.19-samples/sample_m2_go1.19.txt");
        var e = Assert.Throws<InputFormatException>(() => ProfileReader.Read(log));
        Assert.Contains("escape log", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_varint_is_reported_at_its_byte_offset()
    {
        // string_table[0] = "", then time_nanos whose varint never ends.
        byte[] data = [0x32, 0x00, 0x48, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        var e = Assert.Throws<InputFormatException>(() => ProfileReader.Read(new MemoryStream(data), "bad.pb"));
        Assert.Contains("at byte 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("varint", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_profile_exits_3_with_one_line_naming_the_file()
    {
        var data = Load("go:allocs.pb.gz");
        var path = Path.Combine(Path.GetTempPath(), $"allocscope-truncated-{Guid.NewGuid():N}.pb.gz");
        File.WriteAllBytes(path, data[..(data.Length / 2)]);
        try
        {
            var result = CliRunner.Run("top", path);
            Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
            Assert.Equal("", result.Output);
            Assert.StartsWith($"allocscope: {path}: ", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.TrimEnd().Split('\n'));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
