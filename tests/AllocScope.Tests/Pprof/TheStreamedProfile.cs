using System.IO.Compression;
using System.Text.RegularExpressions;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// `top` and `diff` read a profile.proto on disk in two passes and keep no samples (ProfileReader.Open): every answer
/// must equal the whole read's, on Go's profiles and on the cases where skipping pprof's merge of equal samples
/// could differ.
/// </summary>
public sealed class TheStreamedProfile : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("allocscope-streamed").FullName;

    public static TheoryData<string> RepoProfiles => new()
    {
        "testdata/hotspots/mem-default.pprof", "testdata/hotspots/mem-rate1.pprof", "testdata/hotspots/mem-rate1-optimized.pprof",
        "testdata/hotspots/heap-proto.pprof", "testdata/std/go-parser/mem.pprof", "testdata/std/regexp/mem.pprof",
        "testdata/std/encoding-csv/mem.pprof", "testdata/std/compress-flate/mem.pprof",
    };

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [MemberData(nameof(RepoProfiles))]
    public void Top_equals_the_whole_read_for_every_sample_type_granularity_and_filter(string relative)
    {
        var gzipped = Path.Combine(Repo.Root, relative);
        var plain = Path.Combine(_dir, "plain.pb");
        using (var input = new GZipStream(File.OpenRead(gzipped), CompressionMode.Decompress))
        using (var output = File.Create(plain))
        {
            input.CopyTo(output);
        }

        // Gzipped (decompressed once, spooled for the second pass) and plain (read twice).
        foreach (var path in new[] { gzipped, plain })
        {
            AssertStreamedEqualsWhole(path);
        }
    }

    [Fact]
    public void Top_equals_the_whole_read_on_the_profiles_go_writes_in_this_run()
    {
        foreach (var file in new[] { "allocs.pb.gz", "heap.pb.gz", "sampled.pb.gz" })
        {
            AssertStreamedEqualsWhole(GoHeapProfiles.Shared[file]);
        }
    }

    [Fact]
    public void Samples_of_both_signs_on_one_stack_add_up_first_as_pprofs_merge_does()
    {
        // pprof merges +5 and -3 on one stack into 2 before taking |value| for the total: 2 + 2 = 4, not 5 + 3 + 2 = 10.
        var path = Write(w =>
        {
            w.Sample([1, 2], [5]);
            w.Sample([1, 2], [-3]);
            w.Sample([2], [2]);
        });

        var (whole, streamed) = Both(path, null, TopGranularity.Function, FrameFilter.None, keepStacks: true);
        Assert.Equal(4, whole.Total);
        AssertSame(whole, streamed);
    }

    [Fact]
    public void Values_whose_merged_sums_would_overflow_give_the_whole_reads_error()
    {
        // The second sample type's values overflow when merged; the selected one does not.
        var path = Write(w =>
        {
            w.Sample([1], [1, long.MaxValue]);
            w.Sample([1], [1, long.MaxValue]);
        }, types: 2);

        var error = Assert.ThrowsAny<InputFormatException>(() => ProfileReader.Read(path));
        using var opened = ProfileReader.Open(path);
        var streamed = Assert.ThrowsAny<InputFormatException>(() => new TopAggregator(TopGranularity.Function).Add(opened, "t0"));
        Assert.Equal(error.Message, streamed.Message);
    }

    [Fact]
    public void A_profile_rewritten_between_the_passes_is_read_again_whole()
    {
        var path = Write(w => w.Sample([1, 2], [5]));
        using var opened = ProfileReader.Open(path);
        Assert.True(opened.IsStreamed);

        // Longer now, with another stack: the second pass notices and the answer is the new file's.
        Write(w =>
        {
            w.Sample([2], [7]);
            w.Sample([1, 2], [9]);
        });
        var top = new TopAggregator(TopGranularity.Function, keepStacks: true);
        top.Add(opened, null);

        var whole = new TopAggregator(TopGranularity.Function, keepStacks: true);
        whole.Add(ProfileReader.Read(path), null);
        AssertSame(whole, top);
    }

    [Fact]
    public void A_bad_sample_before_a_bad_location_is_the_error_reported_as_in_a_whole_read()
    {
        // The first pass skips samples, so it would see the location with id 0 first; the whole read sees the sample.
        var path = Path.Combine(_dir, "bad.pb");
        byte[] badSample = [0x12, 0x02, 0x08, 0x80];          // sample: location_id varint cut short
        byte[] zeroLocation = [0x22, 0x02, 0x08, 0x00];       // location with id 0
        byte[] emptyString = [0x32, 0x00];
        File.WriteAllBytes(path, [.. badSample, .. zeroLocation, .. emptyString]);

        var whole = Assert.ThrowsAny<InputFormatException>(() => ProfileReader.Read(path));
        var streamed = Assert.ThrowsAny<InputFormatException>(() => ProfileReader.Open(path).Dispose());
        Assert.Equal(whole.Message, streamed.Message);
    }

    [Theory]
    [InlineData("heap-legacy.txt")]
    [InlineData("heap-legacy-default.txt")]
    public void Legacy_text_hands_over_its_records_with_the_whole_reads_answers(string name)
    {
        var path = Repo.Fixture(name);
        AssertStreamedEqualsWhole(path);

        // Piped too: the records are in the chunk either way.
        using var piped = ProfileReader.Open(InputFile.StandardInput, standardInput: () => File.OpenRead(path));
        Assert.True(piped.IsStreamed);
        AssertSameTop(ProfileReader.Read(path), piped);
    }

    [Fact]
    public void A_proto_on_standard_input_is_read_whole()
    {
        var path = Repo.Fixture("mem-rate1.pprof");
        using var piped = ProfileReader.Open(InputFile.StandardInput, standardInput: () => File.OpenRead(path));
        Assert.False(piped.IsStreamed);
        Assert.Equal(ProfileReader.Read(path).Samples.Count, piped.Profile.Samples.Count);
    }

    [Fact]
    public void The_second_pass_reads_samples_one_byte_at_a_time_as_it_does_whole()
    {
        var path = Repo.Fixture("mem-rate1.pprof");
        using var opened = ProfileReader.Open(path);
        var expected = Collect(visit => opened.ForEachSample(0, visit));

        using var raw = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        var length = new MemoryStream();
        raw.CopyTo(length);
        var chunked = Collect(visit => ProtoSampleScan.Run(new OneByteStream(new MemoryStream(length.ToArray())), "mem-rate1.pprof", new InputLimits(),
            opened.LocationIndex, opened.Profile.SampleTypes.Count, length.Length, visit));
        Assert.Equal(expected, chunked);
        Assert.NotEmpty(expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Progress_of_the_two_passes_is_one_bar_that_ends_once(bool gzipped)
    {
        // 3 MB of samples: both passes report (every 1 MiB read), the second half after the first.
        var path = Path.Combine(_dir, gzipped ? "big.pb.gz" : "big.pb");
        using (var file = File.Create(path))
        {
            var writer = gzipped ? ProfileProtoWriter.Gzip(file) : new ProfileProtoWriter(file);
            writer.SampleType("alloc_space", "bytes");
            writer.Frame(1, "main.leaf", "main.go", 10);
            writer.Repeat([1], [123_456_789], 300_000);
            writer.Finish();
        }

        var progress = new RecordingProgress();
        var top = new TopAggregator(TopGranularity.Function);
        using (var opened = ProfileReader.Open(path, progress: progress))
        {
            Assert.True(opened.IsStreamed);
            top.Add(opened, null);
        }

        Assert.Equal(300_000L * 123_456_789, top.Total);
        var size = new FileInfo(path).Length;
        Assert.All(progress.Reports, r => Assert.Equal(size, r.Total));
        var read = progress.Reports.Select(r => r.Read).ToList();
        Assert.Equal(read.Order(), read);
        Assert.Contains(read, r => r > size / 2);
        Assert.Equal(1, progress.DoneCount);
        Assert.True(progress.DoneAfterLastReport);
    }

    private sealed class RecordingProgress : IProgressReporter
    {
        public List<(long Read, long Total)> Reports { get; } = [];

        public int DoneCount { get; private set; }

        public bool DoneAfterLastReport { get; private set; }

        public void Report(string file, long bytesRead, long totalBytes)
        {
            Reports.Add((bytesRead, totalBytes));
            DoneAfterLastReport = false;
        }

        public void Done(string file)
        {
            DoneCount++;
            DoneAfterLastReport = true;
        }
    }

    private static List<string> Collect(Action<SampleVisitor> run)
    {
        var samples = new List<string>();
        run((ids, values) => samples.Add(string.Join(",", ids.ToArray()) + "=" + string.Join(",", values.ToArray())));
        return samples;
    }

    /// <summary>The top tables (both granularities, with stacks, unfiltered and hiding runtime frames) of a whole profile and a streamed one are equal.</summary>
    internal static void AssertSameTop(Profile whole, StreamedProfile streamed)
    {
        foreach (var by in new[] { TopGranularity.Function, TopGranularity.Line })
        {
            foreach (var filter in new[] { FrameFilter.None, new FrameFilter(Hide: new Regex("^runtime\\.")) })
            {
                var expected = new TopAggregator(by, filter, keepStacks: true);
                expected.Add(whole, null);
                var actual = new TopAggregator(by, filter, keepStacks: true);
                actual.Add(streamed, null);
                AssertSame(expected, actual);
            }
        }
    }

    private static void AssertStreamedEqualsWhole(string path)
    {
        using (var opened = ProfileReader.Open(path))
        {
            Assert.True(opened.IsStreamed, path);
            Assert.Empty(opened.Profile.Samples);
            Assert.Equal(ProfileDump.Format(WithoutSamples(ProfileReader.Read(path))), ProfileDump.Format(opened.Profile));
        }

        var types = ProfileReader.Read(path).SampleTypes.Select(t => t.Type).ToList();
        FrameFilter[] filters = [FrameFilter.None, new(Focus: new Regex("main|Test")), new(Ignore: new Regex("runtime")), new(Hide: new Regex("^runtime\\."))];
        foreach (var type in types)
        {
            foreach (var by in new[] { TopGranularity.Function, TopGranularity.Line })
            {
                foreach (var filter in filters)
                {
                    var (whole, streamed) = Both(path, type, by, filter, keepStacks: true);
                    AssertSame(whole, streamed);
                }
            }
        }
    }

    private static (TopAggregator Whole, TopAggregator Streamed) Both(string path, string? type, TopGranularity by, FrameFilter filter, bool keepStacks)
    {
        var whole = new TopAggregator(by, filter, keepStacks);
        whole.Add(ProfileReader.Read(path), type);
        var streamed = new TopAggregator(by, filter, keepStacks);
        using var opened = ProfileReader.Open(path);
        streamed.Add(opened, type);
        return (whole, streamed);
    }

    private static void AssertSame(TopAggregator whole, TopAggregator streamed)
    {
        Assert.Equal(whole.Total, streamed.Total);
        Assert.Equal(whole.SampleType, streamed.SampleType);
        Assert.Equal(whole.Rows(), streamed.Rows());
        Assert.Equal(Folded(whole), Folded(streamed));
    }

    private static List<string> Folded(TopAggregator top) =>
        [.. top.Stacks().Select(s => string.Join(";", s.Frames.Select(f => f.Function)) + " " + s.Value)];

    private static Profile WithoutSamples(Profile p) => new()
    {
        Format = p.Format,
        SampleTypes = p.SampleTypes,
        PeriodType = p.PeriodType,
        Period = p.Period,
        DefaultSampleType = p.DefaultSampleType,
        TimeNanos = p.TimeNanos,
        DurationNanos = p.DurationNanos,
        Comments = p.Comments,
        MemStats = p.MemStats,
        DropFrames = p.DropFrames,
        KeepFrames = p.KeepFrames,
        DocUrl = p.DocUrl,
        Mappings = p.Mappings,
        Locations = p.Locations,
        Functions = p.Functions,
        Samples = [],
    };

    /// <summary>A plain profile.proto of two frames (ids 1, 2) and the samples <paramref name="samples"/> writes.</summary>
    private string Write(Action<ProfileProtoWriter> samples, int types = 1)
    {
        var path = Path.Combine(_dir, "small.pb");
        var writer = new ProfileProtoWriter(File.Create(path));
        for (var i = 0; i < types; i++)
        {
            writer.SampleType("t" + i, "count");
        }

        writer.Frame(1, "main.leaf", "main.go", 10);
        writer.Frame(2, "main.main", "main.go", 20);
        samples(writer);
        writer.Finish();
        return path;
    }
}
