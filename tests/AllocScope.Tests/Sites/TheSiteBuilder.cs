using AllocScope.EscapeLog;
using AllocScope.Sites;
using AllocScope.Taxonomy;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// The join on small stacks written in the test (the shapes newer Go versions and eBPF stacks give, which Go 1.19
/// proto profiles hide), over the real source and escape log of examples/hotspots.
/// </summary>
public sealed class TheSiteBuilder
{
    private const string Module = "example.com/hotspots";

    private static readonly Lazy<AllocScope.EscapeLog.CompilerLog> s_log = new(() => EscapeLogReader.Read(Repo.Fixture("m2.txt"), packageDirectory: Repo.Example()));

    private static SiteOptions Options(bool withEscape = true) =>
        new(new ModuleMatcher(Module), new GoSourceTree(Repo.Example()), withEscape ? s_log.Value : null);

    private static StackFrame User(string function, string marker, string file = "plain.go", string? inlinedInto = null) =>
        new($"{Module}.{function}", $"{Module}/{file}", Plants.Find(file, marker).Line, 0, inlinedInto);

    private static StackFrame Std(string function, string file, long line = 1) => new(function, file, line, 0, null);

    private static AllocationSample Sample(long objects, long bytes, params StackFrame[] frames) => new(frames, objects, bytes, 0, 0, bytes);

    private static AllocationSite Single(params AllocationSample[] samples) => Assert.Single(SiteBuilder.Build(samples, Options()));

    [Fact]
    public void A_growslice_frame_below_a_user_line_makes_it_slice_growth()
    {
        var site = Single(Sample(3, 300, Std("runtime.mallocgc", "runtime/malloc.go"), Std("runtime.growslice", "runtime/slice.go"), User("CollectKeys", "slice-growth")));
        Assert.Equal(AllocationKind.SliceGrowth, site.Kind);
        Assert.Equal(EscapeReason.RuntimeGrowth, site.Reason);
        Assert.Contains(site.Evidence, e => e.Text.Contains("runtime.growslice", StringComparison.Ordinal));
        Assert.Contains("make([]T, 0, n)", site.Fix!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapassign_frame_is_map_growth_and_the_fix_names_the_make_without_a_size_hint()
    {
        var site = Single(Sample(5, 5000, Std("runtime.makeBucketArray", "runtime/map.go"), Std("runtime.hashGrow", "runtime/map.go"),
            Std("runtime.mapassign_faststr", "runtime/map_faststr.go"), User("BuildIndex", "map-growth")));
        Assert.Equal(AllocationKind.MapGrowth, site.Kind);
        Assert.Contains($"plain.go:{Plants.Find("plain.go", "map-make").Line}", site.Fix!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_makeslice_frame_takes_the_more_specific_kind_from_the_escape_decision()
    {
        var site = Single(Sample(1, 81920, Std("runtime.makeslice", "runtime/slice.go"), User("Digest", "too-large")));
        Assert.Equal(AllocationKind.TooLarge, site.Kind);
        Assert.Equal(EscapeReason.TooLargeForStack, site.Reason);
        Assert.NotNull(site.Escape);
    }

    [Fact]
    public void Bytes_allocated_inside_a_dependency_are_library_with_the_callee_the_user_line_called()
    {
        var site = Single(Sample(1, 48, Std("runtime.makeslice", "runtime/slice.go"), Std("strings.genSplit", "strings/strings.go", 250),
            new StackFrame("strings.Split", "strings/strings.go", 300, 0, $"{Module}.CountSegments"), User("CountSegments", "library")));
        Assert.Equal(AllocationKind.Library, site.Kind);
        Assert.Equal("strings.Split", site.Callee);
        Assert.Contains("strings.Cut", site.Fix!.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Stacks_with_no_user_frame_are_the_library_s_own_and_go_test_s_main_is_not_user_code()
    {
        var site = Single(Sample(1, 64, Std("runtime.mallocgc", "runtime/malloc.go"), Std("testing.(*B).run1", "testing/benchmark.go", 200),
            new StackFrame("main.main", "_testmain.go", 79, 0, null)));
        Assert.Equal(AllocationKind.Library, site.Kind);
        Assert.Equal("testing.(*B).run1", site.Function);
    }

    [Fact]
    public void An_inlined_frame_is_its_own_site_naming_the_caller()
    {
        var site = Single(Sample(2, 48, User("newEntry", "new-object", inlinedInto: $"{Module}.MakeEntries")));
        Assert.Equal($"{Module}.newEntry", site.Function);
        Assert.Equal(AllocationKind.NewObject, site.Kind);
        Assert.Equal(EscapeReason.Returned, site.Reason);
        Assert.Contains($"{Module}.MakeEntries", site.InlinedInto);
    }

    [Fact]
    public void Samples_of_one_line_add_up_and_sites_rank_by_value()
    {
        var sites = SiteBuilder.Build(
        [
            Sample(1, 10, User("JoinKey", "string-concat")),
            Sample(2, 20, User("JoinKey", "string-concat")),
            Sample(1, 100, User("Digest", "too-large")),
        ], Options());
        Assert.Equal(2, sites.Count);
        Assert.Equal(100, sites[0].Bytes);
        Assert.Equal(3, sites[1].Objects);
        Assert.Equal(30, sites[1].Bytes);
        Assert.Equal(AllocationKind.StringConcat, sites[1].Kind);
    }

    [Fact]
    public void Without_an_escape_log_the_statement_still_gives_the_kind()
    {
        var sites = SiteBuilder.Build([Sample(1, 64, User("KeyHasher", "closure")), Sample(1, 64, User("WriteKeys", "string-bytes"))], Options(withEscape: false));
        Assert.Contains(sites, s => s.Kind == AllocationKind.Closure);
        Assert.Contains(sites, s => s.Kind == AllocationKind.StringBytes);
        Assert.All(sites, s => Assert.Equal(EscapeReason.Unknown, s.Reason));
    }
}
