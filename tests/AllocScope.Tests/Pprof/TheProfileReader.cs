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
