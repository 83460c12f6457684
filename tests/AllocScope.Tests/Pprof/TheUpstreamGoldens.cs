using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>google/pprof's own test profiles and its Profile.String() dumps of them (shared/data/pprof-testdata).</summary>
public sealed class TheUpstreamGoldens
{
    public static TheoryData<string> Files => new() { "gobench.heap", "gobench.cpu", "go.crc32.cpu" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Reading_gives_pprofs_dump_line_for_line(string name)
    {
        var path = Repo.RequireShared("pprof-testdata/" + name);
        var expected = File.ReadAllText(path + ".string");
        var profile = ProfileReader.Read(path);
        Assert.Equal(expected, ProfileDump.Format(profile));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reading_one_byte_at_a_time_gives_the_same_profile(string name)
    {
        var path = Repo.RequireShared("pprof-testdata/" + name);
        var whole = ProfileDump.Format(ProfileReader.Read(path));
        using var stream = new OneByteStream(File.OpenRead(path));
        Assert.Equal(whole, ProfileDump.Format(ProfileReader.Read(stream, name)));
    }
}
