using System.IO.Compression;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Inputs;

/// <summary>Opening inputs: every odd file is one clear error naming it; endless and exploding inputs stop at their limit.</summary>
public sealed class TheInputFile
{
    private static InputFormatException OpenAndReadAll(string path, InputLimits? limits = null)
    {
        return Assert.ThrowsAny<InputFormatException>(() =>
        {
            using var input = InputFile.Open(path, limits ?? new InputLimits());
            input.Content.CopyTo(Stream.Null);
        });
    }

    [Fact]
    public void A_missing_file_a_directory_and_an_unreadable_file_are_named_errors()
    {
        Assert.Equal(("/nonexistent/x.pb.gz", "no such file"), (OpenAndReadAll("/nonexistent/x.pb.gz").File, OpenAndReadAll("/nonexistent/x.pb.gz").Message));
        Assert.Contains("is a directory", OpenAndReadAll(Repo.Root).Message, StringComparison.Ordinal);

        // /proc/self/mem opens, but reading its first page fails (even as root): an error at the offset, not a crash.
        var mem = OpenAndReadAll("/proc/self/mem");
        Assert.Equal("/proc/self/mem", mem.File);
        Assert.Contains("cannot read", mem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_endless_device_stops_at_the_input_limit_naming_the_flag()
    {
        var e = Assert.IsType<InputLimitException>(OpenAndReadAll("/dev/urandom", new InputLimits { MaxInputBytes = 1 << 20 }));
        Assert.Equal(InputLimits.MaxInputFlag, e.Flag);
        Assert.Contains("--max-input", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_decompression_limit()
    {
        using var bomb = new MemoryStream();
        using (var gzip = new GZipStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        Assert.True(bomb.Length < 200_000, $"the test bomb is {bomb.Length} bytes");
        var e = Assert.Throws<InputLimitException>(() =>
        {
            using var input = InputFile.FromStream(new MemoryStream(bomb.ToArray()), "bomb.gz", new InputLimits { MaxInputBytes = 8 << 20 });
            input.Content.CopyTo(Stream.Null);
        });
        Assert.Contains("decompressed", e.Message, StringComparison.Ordinal);
        Assert.Equal("bomb.gz", e.File);
    }

    [Fact]
    public void Standard_input_is_read_in_one_pass_and_spooled_when_a_reader_needs_to_seek()
    {
        var bytes = File.ReadAllBytes(Repo.Fixture("m2.txt"));
        using var input = InputFile.Open(InputFile.StandardInput, new InputLimits(), standardInput: () => new NonSeekable(new MemoryStream(bytes)));
        Assert.Equal(InputKind.EscapeLog, input.Kind);
        string? note = null;
        using var seekable = input.Seekable(n => note = n);
        Assert.True(seekable.CanSeek);
        Assert.Equal(bytes.Length, seekable.Length);
        Assert.Contains("standard input was spooled to a temporary file", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_is_read_transparently_and_offsets_count_in_the_decompressed_data()
    {
        using var input = InputFile.Open(Repo.Fixture("mem-rate1.pprof"), new InputLimits());
        Assert.True(input.IsCompressed);
        Assert.Equal(InputKind.PprofProto, input.Kind);
    }

    [Fact]
    public void A_gzipped_file_decompressed_ahead_gives_the_bytes_and_the_errors_of_a_pipe()
    {
        var data = new byte[5 << 20];
        new Random(3).NextBytes(data.AsSpan(0, 1 << 20)); // some incompressible data, the rest zeros
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        var whole = packed.ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"allocscope-readahead-{Guid.NewGuid():N}.gz");
        try
        {
            // A file (read ahead on another thread) and a pipe (no size: read in line) give the same bytes.
            File.WriteAllBytes(path, whole);
            using (var input = InputFile.Open(path, new InputLimits()))
            using (var copy = new MemoryStream())
            {
                input.Content.CopyTo(copy);
                Assert.True(copy.ToArray().AsSpan().SequenceEqual(data));
            }

            // Cut short: the same error, at the same decompressed offset, as through a pipe.
            var cut = whole[..(whole.Length / 2)];
            File.WriteAllBytes(path, cut);
            var fromFile = OpenAndReadAll(path);
            var fromPipe = Assert.ThrowsAny<InputFormatException>(() =>
            {
                using var input = InputFile.FromStream(new MemoryStream(cut), path, new InputLimits());
                input.Content.CopyTo(Stream.Null);
            });
            Assert.Equal(fromPipe.Message, fromFile.Message);

            // Disposing after a first read stops the read-ahead thread (the test would hang otherwise).
            File.WriteAllBytes(path, whole);
            using (var input = InputFile.Open(path, new InputLimits()))
            {
                input.Content.ReadExactly(new byte[100]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sizes_parse_with_units()
    {
        Assert.Equal(100L << 20, InputLimits.ParseSize("100M"));
        Assert.Equal(3L << 29, InputLimits.ParseSize("1.5G"));
        Assert.Equal(512L << 10, InputLimits.ParseSize("512KiB"));
        Assert.Equal(12345, InputLimits.ParseSize("12345"));
        Assert.Null(InputLimits.ParseSize("12X"));
    }

    private sealed class NonSeekable(Stream inner) : ReadOnlyForwardStream(inner)
    {
        public override int Read(Span<byte> buffer) => Inner.Read(buffer);
    }
}
