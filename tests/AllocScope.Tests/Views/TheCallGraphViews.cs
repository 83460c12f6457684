using System.Text.RegularExpressions;
using AllocScope.Pprof;

namespace AllocScope.Tests.Views;

/// <summary>`tree` and `peek` computed by the core equal `go tool pprof -tree` and `-peek` node by node and edge by edge.</summary>
public sealed class TheCallGraphViews
{
    public static TheoryData<string, string, string?, string?, string?> Cases()
    {
        var data = new TheoryData<string, string, string?, string?, string?>();
        foreach (var file in new[] { "mem-rate1.pprof", "mem-default.pprof", "legacy heap.txt" })
        {
            foreach (var type in new[] { "alloc_space", "alloc_objects" })
            {
                data.Add(file, type, null, null, null);
            }
        }

        // Filters, pprof's meanings: focus keeps stacks through a frame, ignore drops them, hide removes frames.
        data.Add("mem-rate1.pprof", "alloc_space", "RunWorkload", null, null);
        data.Add("mem-rate1.pprof", "alloc_objects", null, "json|testing\\.\\(\\*B\\)\\.run1", null);
        data.Add("mem-rate1.pprof", "alloc_space", null, null, "testing\\.|runtime\\.");
        data.Add("mem-rate1.pprof", "alloc_space", "hotspots\\.Benchmark", "Digest", "newInput|strings\\.");
        data.Add("legacy heap.txt", "alloc_space", "main\\.fill", null, "strconv");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tree_equals_go_tool_pprof_tree_with_its_default_trimming(string file, string sampleType, string? focus, string? ignore, string? hide)
    {
        var profile = ViewProfile.Of(file);
        var expected = PprofViews.Tree(profile, ["-tree", "-sample_index=" + sampleType, .. PprofViews.FilterFlags(focus, ignore, hide)]);
        var tree = CallTree.Build(PprofViews.Stacks(profile, sampleType, TopGranularity.Function, PprofViews.Filter(focus, ignore, hide)), new GraphTrim());
        PprofViews.AssertSameNodes(expected, PprofViews.Nodes(tree.Graph.Nodes), profile.IsLegacy);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tree_without_trimming_equals_go_tool_pprof_tree_with_every_node(string file, string sampleType, string? focus, string? ignore, string? hide)
    {
        var profile = ViewProfile.Of(file);
        string[] all = ["-nodecount=0", "-nodefraction=0", "-edgefraction=0"];
        var expected = PprofViews.Tree(profile, ["-tree", .. all, "-sample_index=" + sampleType, .. PprofViews.FilterFlags(focus, ignore, hide)]);
        var tree = CallTree.Build(PprofViews.Stacks(profile, sampleType, TopGranularity.Function, PprofViews.Filter(focus, ignore, hide)), GraphTrim.None);
        PprofViews.AssertSameNodes(expected, PprofViews.Nodes(tree.Graph.Nodes), profile.IsLegacy);
    }

    [Theory]
    [InlineData("mem-rate1.pprof", "alloc_space", "hotspots\\.(WriteKeys|RunWorkload|newInput)$", null, null, null)]
    [InlineData("mem-rate1.pprof", "alloc_objects", "Split|newEntry|MakeEntries", null, null, null)]
    [InlineData("mem-rate1.pprof", "alloc_space", "decodeState", "Benchmark", null, null)]
    [InlineData("mem-rate1.pprof", "alloc_space", "hotspots\\.", null, "Flatten", "testing\\.")]
    [InlineData("mem-default.pprof", "alloc_objects", "hotspots\\.", null, null, null)]
    [InlineData("legacy heap.txt", "alloc_space", "main\\.", null, null, null)]
    public void Peek_equals_go_tool_pprof_peek(string file, string sampleType, string regex, string? focus, string? ignore, string? hide)
    {
        var profile = ViewProfile.Of(file);
        var expected = PprofViews.Tree(profile, ["-peek=" + regex, "-sample_index=" + sampleType, .. PprofViews.FilterFlags(focus, ignore, hide)]);
        var graph = CallGraph.Build(PprofViews.Stacks(profile, sampleType, TopGranularity.Function, PprofViews.Filter(focus, ignore, hide)));
        var rx = new Regex(regex);
        PprofViews.AssertSameNodes(expected, PprofViews.Nodes(graph.Nodes.Where(n => rx.IsMatch(n.Name))), profile.IsLegacy);
    }
}
