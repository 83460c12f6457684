using System.IO.Compression;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

public sealed class TheProfileReader
{
    [Theory]
    [InlineData("allocs.pb.gz")]
    [InlineData("heap.txt")]
    [InlineData("sampled.pb.gz")]
    public void Reading_one_byte_at_a_time_gives_the_same_profile(string name)
    {
        var path = GoHeapProfiles.Shared[name];
        var whole = ProfileDump.Format(ProfileReader.Read(path));
        using var stream = new OneByteStream(File.OpenRead(path));
        Assert.Equal(whole, ProfileDump.Format(ProfileReader.Read(stream, name)));
    }

    [Fact]
    public void Uncompressed_proto_reads_like_the_gzipped_one()
    {
        var path = GoHeapProfiles.Shared["allocs.pb.gz"];
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gz.CopyTo(raw);
        raw.Position = 0;
        Assert.Equal(ProfileDump.Format(ProfileReader.Read(path)), ProfileDump.Format(ProfileReader.Read(new OneByteStream(raw), "allocs.pb")));
    }

    [Fact]
    public void A_text_heap_profile_is_named_from_its_comment_lines()
    {
        var profile = ProfileReader.Read(GoHeapProfiles.Shared["heap.txt"]);
        Assert.Equal(ProfileFormat.LegacyHeapText, profile.Format);
        Assert.Equal(1, profile.Period);
        Assert.Contains(profile.Locations, l => l.Lines.Count == 1 && l.Lines[0].Function!.Name == "main.grow"
            && l.Lines[0].Function!.FileName.EndsWith("main.go", StringComparison.Ordinal) && l.Lines[0].LineNumber > 0);
        Assert.Equal("false", profile.MemStats["DebugGC"]);
        Assert.All(profile.Samples, s => Assert.NotNull(s.NumericLabel("bytes")));
    }

    [Fact]
    public void Proto_heap_profiles_keep_the_default_sample_type_and_resolve_it_like_pprof()
    {
        var allocs = ProfileReader.Read(GoHeapProfiles.Shared["allocs.pb.gz"]);
        Assert.Equal("alloc_space", allocs.DefaultSampleType);
        Assert.Equal(1, allocs.SampleIndex(null));
        var heap = ProfileReader.Read(GoHeapProfiles.Shared["heap.pb.gz"]);
        Assert.Equal(3, heap.SampleIndex(null));
        Assert.Equal(0, heap.SampleIndex("alloc_objects"));
        Assert.Equal(2, heap.SampleIndex("2"));
        Assert.Throws<ArgumentException>(() => heap.SampleIndex("cpu"));
    }

    [Fact]
    public void Location_ids_of_32_bits_and_more_resolve_and_equal_stacks_still_merge()
    {
        // The stack table keeps ids in 32 bits: ids from 2^31 up are numbered apart and must come back as they were.
        ulong[] ids = [1, (1UL << 31) - 1, 1UL << 31, uint.MaxValue, 1UL << 40, ulong.MaxValue];
        var file = new MemoryStream();
        var w = new ProfileProtoWriter(file);
        w.SampleType("alloc_space", "bytes");
        foreach (var id in ids)
        {
            w.Frame(id, $"f{id}", "f.go", 1);
        }

        w.Sample([ids[5], ids[4], ids[0]], [10]);
        w.Sample([ids[3], ids[2], ids[1]], [20]);
        w.Sample([ids[5], ids[4], ids[0]], [5]);
        w.Sample([ids[4], ids[5], ids[0]], [1]);
        w.Finish();

        // (Finish closed the stream; its bytes are still there.)
        var profile = ProfileReader.Read(new OneByteStream(new MemoryStream(file.ToArray())), "wide.pb");
        var stacks = profile.Samples.Select(s => (string.Join(",", s.Locations.Select(l => l.Id)), s.Values[0])).ToList();
        Assert.Equal(
            [($"{ids[5]},{ids[4]},{ids[0]}", 15L), ($"{ids[3]},{ids[2]},{ids[1]}", 20L), ($"{ids[4]},{ids[5]},{ids[0]}", 1L)],
            stacks);
        Assert.Equal($"f{ulong.MaxValue}", profile.Samples[0].Locations[0].Lines[0].Function!.Name);
    }

    [Fact]
    public void Progress_is_reported_by_bytes_of_the_file()
    {
        var reports = new List<(long Read, long Total)>();
        var reporter = new RecordingReporter(reports);
        var data = new byte[3 << 20];
        using var stream = new ProgressStream(new MemoryStream(data), "big", data.Length, reporter);
        stream.CopyTo(Stream.Null);
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(data.Length, r.Total));
        Assert.Equal(reports.OrderBy(r => r.Read).ToList(), reports);
    }

    private sealed class RecordingReporter(List<(long, long)> reports) : IProgressReporter
    {
        public void Report(string file, long bytesRead, long totalBytes) => reports.Add((bytesRead, totalBytes));

        public void Done(string file)
        {
        }
    }
}
