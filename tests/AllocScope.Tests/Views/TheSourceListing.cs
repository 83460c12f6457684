using System.Text.RegularExpressions;
using AllocScope.Pprof;
using AllocScope.Sites;
using AllocScope.Tests.Infrastructure;
using AllocScope.Tests.Pprof;

namespace AllocScope.Tests.Views;

/// <summary>`list` computed by the core equals `go tool pprof -list` per function and per printed line.</summary>
public sealed class TheSourceListing
{
    [Theory]
    [InlineData("mem-rate1.pprof", "alloc_space", "hotspots\\.", null, null, null)]
    [InlineData("mem-rate1.pprof", "alloc_objects", "hotspots\\.", null, null, null)]
    [InlineData("mem-rate1.pprof", "alloc_space", "genSplit|growSlice|Sprintf", null, null, null)]
    [InlineData("mem-default.pprof", "alloc_space", "hotspots\\.", null, null, null)]
    [InlineData("mem-default.pprof", "alloc_objects", "hotspots\\.(Run|Build|newEntry)", null, null, null)]
    [InlineData("mem-rate1.pprof", "alloc_space", "hotspots\\.", "BenchmarkWorkload", null, null)]
    [InlineData("mem-rate1.pprof", "alloc_space", "hotspots\\.", null, "newInput", null)]
    [InlineData("mem-rate1.pprof", "alloc_objects", "hotspots\\.", null, null, "newEntry|strings\\.Split")]
    [InlineData("legacy heap.txt", "alloc_space", "main\\.", null, null, null)]
    [InlineData("allocs.pb.gz", "alloc_objects", "main\\.|strconv", null, "box", null)]
    public void Each_line_equals_go_tool_pprof_list(string file, string sampleType, string regex, string? focus, string? ignore, string? hide)
    {
        var profile = ViewProfile.Of(file);
        var sourceRoot = !profile.IsLegacy && !file.EndsWith(".gz", StringComparison.Ordinal) ? Repo.Example() : GoHeapProfiles.Shared.Directory;
        var expected = PprofViews.List(profile, regex, sourceRoot, ["-sample_index=" + sampleType, .. PprofViews.FilterFlags(focus, ignore, hide)]);
        var listings = SourceListing.Build(PprofViews.Stacks(profile, sampleType, TopGranularity.Line, PprofViews.Filter(focus, ignore, hide)), new Regex(regex));
        var annotated = AnnotatedListing.Build(listings, new GoSourceTree(sourceRoot), null);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => (r.Function, BaseName(r.File), r.Flat, r.Cum)),
            annotated.Where(f => f.Listing.File.Length > 0).Select(f => (f.Listing.Function, BaseName(f.Listing.File), f.Listing.Flat, f.Listing.Cum)));
        foreach (var (routine, ours) in expected.Zip(annotated.Where(f => f.Listing.File.Length > 0)))
        {
            if (routine.Lines is null)
            {
                // pprof found no source: we print the lines with values, numbers only.
                Assert.Null(ours.SourcePath);
                continue;
            }

            Assert.NotNull(ours.SourcePath);
            Assert.Equal(routine.Lines, ours.Lines.Select(l => (l.Number, l.Flat, l.Cum)));
        }
    }

    [Fact]
    public void Lines_carry_the_compilers_decisions_from_the_escape_log()
    {
        var profile = ViewProfile.Of("mem-rate1.pprof");
        var listings = SourceListing.Build(PprofViews.Stacks(profile, "alloc_space", TopGranularity.Line, FrameFilter.None), new Regex("hotspots\\.(WriteKeys|MakeEntries)$"));
        var log = AllocScope.EscapeLog.EscapeLogReader.Read(Repo.Fixture("m2.txt"), Repo.Example());
        var annotated = AnnotatedListing.Build(listings, new GoSourceTree(Repo.Example()), new CompilerNotesByLine(log));

        var writeKeys = annotated.Single(f => f.Listing.Function.EndsWith("WriteKeys", StringComparison.Ordinal));
        Assert.Contains(writeKeys.Lines, l => l.Text!.Contains("[]byte(k)", StringComparison.Ordinal) && l.Notes.Any(n => n.Contains("escapes to heap", StringComparison.Ordinal)));
        var makeEntries = annotated.Single(f => f.Listing.Function.EndsWith("MakeEntries", StringComparison.Ordinal));
        Assert.Contains(makeEntries.Lines, l => l.Notes.Contains("inlining call to newEntry"));
    }

    private static string BaseName(string path) => Path.GetFileName(path);
}
