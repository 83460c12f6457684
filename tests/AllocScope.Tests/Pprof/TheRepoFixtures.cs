using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>The recorded Go 1.19 heap profiles of examples/hotspots (testdata/hotspots), checked against go tool pprof.</summary>
public sealed class TheRepoFixtures
{
    public static TheoryData<string> AllProfiles => new()
    {
        "mem-default.pprof", "mem-rate1.pprof", "mem-rate1-optimized.pprof", "heap-proto.pprof", "heap-legacy.txt", "heap-legacy-default.txt",
    };

    public static TheoryData<string, string, bool> TopCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var file in new[] { "mem-default.pprof", "mem-rate1.pprof", "mem-rate1-optimized.pprof", "heap-proto.pprof" })
        {
            foreach (var type in new[] { "alloc_space", "alloc_objects", "inuse_space", "inuse_objects" })
            {
                data.Add(file, type, false);
                data.Add(file, type, true);
            }
        }

        return data;
    }

    private static string Fixture(string name)
    {
        var path = Repo.Fixture(name);
        Assert.True(File.Exists(path), $"missing fixture {path} (testdata/generate.sh writes it)");
        return path;
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Samples_locations_and_lines_equal_go_tool_pprof_raw(string name)
    {
        var path = Fixture(name);
        var expected = GoHeapProfiles.Pprof("-raw", path);
        var profile = ProfileMerger.Merge([ProfileReader.Read(path)]);
        Assert.Equal(expected, ProfileDump.Format(profile, includeSymbols: profile.Format != ProfileFormat.LegacyHeapText));
    }

    [Theory]
    [MemberData(nameof(AllProfiles))]
    public void Reading_one_byte_at_a_time_gives_the_same_profile(string name)
    {
        var path = Fixture(name);
        using var stream = new OneByteStream(File.OpenRead(path));
        Assert.Equal(ProfileDump.Format(ProfileReader.Read(path)), ProfileDump.Format(ProfileReader.Read(stream, name)));
    }

    [Theory]
    [MemberData(nameof(TopCases))]
    public void Top_equals_go_tool_pprof_top_on_every_row(string name, string sampleType, bool byLine)
    {
        TheTopAggregator.AssertTopEqualsPprof(Fixture(name), sampleType, byLine);
    }
}
