using System.Globalization;
using System.Text.RegularExpressions;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

public sealed partial class TheTopAggregator
{
    private static readonly string[] s_lines = ["-lines"];

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var file in new[] { "allocs.pb.gz", "heap.pb.gz", "sampled.pb.gz" })
        {
            foreach (var type in new[] { "alloc_space", "alloc_objects", "inuse_space", "inuse_objects" })
            {
                data.Add(file, type, false);
                data.Add(file, type, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flat_and_cum_equal_go_tool_pprof_top_on_every_row(string file, string sampleType, bool byLine) =>
        AssertTopEqualsPprof(GoHeapProfiles.Shared[file], sampleType, byLine);

    /// <summary>Every row's name, flat and cum equal `go tool pprof -top` with nothing dropped and exact units.</summary>
    internal static void AssertTopEqualsPprof(string path, string sampleType, bool byLine)
    {
        string[] args = ["-top", "-nodefraction=0", "-edgefraction=0", "-nodecount=1000000", "-unit=B", "-sample_index=" + sampleType];
        var expected = ParsePprofTop(GoHeapProfiles.Pprof([.. args, .. byLine ? s_lines : [], path]));

        var top = new TopAggregator(byLine ? TopGranularity.Line : TopGranularity.Function);
        top.Add(ProfileReader.Read(path), sampleType);
        var actual = top.Rows().Select(r => (r.DisplayName(top.By), r.Flat, r.Cum)).Order().ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order().ToList(), actual);

        // `top` itself streams the samples of a proto on disk (ProfileReader.Open): the same rows.
        var streamed = new TopAggregator(top.By);
        using (var opened = ProfileReader.Open(path))
        {
            streamed.Add(opened, sampleType);
        }

        Assert.Equal(expected.Order().ToList(), streamed.Rows().Select(r => (r.DisplayName(top.By), r.Flat, r.Cum)).Order().ToList());
    }

    [Theory]
    [InlineData("allocs.pb.gz")]
    [InlineData("heap.pb.gz")]
    [InlineData("sampled.pb.gz")]
    [InlineData("heap.txt")]
    public void Samples_locations_and_lines_equal_go_tool_pprof_raw(string file)
    {
        var path = GoHeapProfiles.Shared[file];
        var expected = GoHeapProfiles.Pprof("-raw", path);
        // `go tool pprof` merges every input (pprof's profile.Merge), even one, before printing it.
        var profile = ProfileMerger.Merge([ProfileReader.Read(path)]);

        // pprof has no symbols for a text profile without its binary; we name frames from its comments, so compare
        // the text profile without them (and check the names separately below).
        var legacy = file.EndsWith(".txt", StringComparison.Ordinal);
        Assert.Equal(expected, ProfileDump.Format(profile, includeSymbols: !legacy));
    }

    [Fact]
    public void A_text_heap_profile_named_from_its_comments_gives_the_same_top_as_the_proto_of_the_same_run()
    {
        var profiles = GoHeapProfiles.Shared;
        foreach (var type in new[] { "alloc_space", "alloc_objects", "inuse_space", "inuse_objects" })
        {
            var fromText = new TopAggregator(TopGranularity.Line);
            fromText.Add(ProfileReader.Read(profiles["heap.txt"]), type);
            var fromProto = new TopAggregator(TopGranularity.Line);
            fromProto.Add(ProfileReader.Read(profiles["heap.pb.gz"]), type);
            Assert.Equal(fromProto.Total, fromText.Total);
            var userRows = (TopAggregator t) => t.Rows().Where(r => r.Function.StartsWith("main.", StringComparison.Ordinal)).ToList();
            Assert.Equal(userRows(fromProto), userRows(fromText));
        }
    }

    [GeneratedRegex(@"^\s*(\S+)\s+\S+%\s+\S+%\s+(\S+)\s+\S+%\s+(.*?)(?: \(inline\))?$")]
    private static partial Regex PprofRow();

    private static List<(string, long, long)> ParsePprofTop(string output)
    {
        var rows = new List<(string, long, long)>();
        var inTable = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.TrimStart().StartsWith("flat", StringComparison.Ordinal))
            {
                inTable = true;
                continue;
            }

            if (!inTable || line.Length == 0)
            {
                continue;
            }

            var m = PprofRow().Match(line);
            Assert.True(m.Success, "unexpected pprof row: " + line);
            rows.Add((m.Groups[3].Value, Value(m.Groups[1].Value), Value(m.Groups[2].Value)));
        }

        return rows;
    }

    private static long Value(string text) => long.Parse(text.TrimEnd('B'), CultureInfo.InvariantCulture);
}
