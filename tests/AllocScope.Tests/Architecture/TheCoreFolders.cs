namespace AllocScope.Tests.Architecture;

/// <summary>
/// The one-way flow of AllocScope.Core (README, Architecture): inputs → readers → the join → the report model →
/// writers. A use that points back up the chain is a cycle or an edge this test names.
/// </summary>
public sealed class TheCoreFolders
{
    private static readonly SortedDictionary<string, SortedDictionary<string, string>> s_graph = NamespaceGraph.Read();

    private static string Describe() => string.Join("\n", s_graph.Select(kv => $"{kv.Key} -> {string.Join(", ", kv.Value.Select(e => $"{e.Key} ({e.Value})"))}"));

    [Fact]
    public void Have_no_cycle_between_them()
    {
        var cycle = NamespaceGraph.FindCycle(s_graph);
        Assert.True(cycle is null, $"cycle between folders of AllocScope.Core: {cycle}\n{Describe()}");
    }

    [Fact]
    public void Only_the_writers_use_the_report_model()
    {
        var users = s_graph.Where(kv => kv.Value.ContainsKey("Report")).Select(kv => kv.Key).ToList();
        Assert.True(users.SequenceEqual(["Output"]), $"folders using Report: {string.Join(", ", users)}\n{Describe()}");
    }

    [Theory]
    [InlineData("Inputs")]
    [InlineData("Pprof")]
    [InlineData("EscapeLog")]
    [InlineData("GoSource")]
    [InlineData("Go")]
    [InlineData("Taxonomy")]
    public void Readers_and_shared_layers_know_nothing_of_the_join_the_report_or_the_writers(string folder)
    {
        var upward = s_graph[folder].Keys.Intersect(["Sites", "Report", "Output"]).ToList();
        Assert.True(upward.Count == 0, $"{folder} uses {string.Join(", ", upward)}\n{Describe()}");
    }

    [Fact]
    public void The_scan_sees_the_uses_it_must()
    {
        // Guards the scanner itself: these edges exist in the code today.
        Assert.Contains("Pprof", s_graph["Sites"].Keys);
        Assert.Contains("Report", s_graph["Output"].Keys);
        Assert.Contains("Inputs", s_graph["Pprof"].Keys);
    }

    [Fact]
    public void The_cycle_finder_finds_a_planted_cycle()
    {
        var graph = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal)
        {
            ["A"] = new(StringComparer.Ordinal) { ["B"] = "a.cs" },
            ["B"] = new(StringComparer.Ordinal) { ["C"] = "b.cs" },
            ["C"] = new(StringComparer.Ordinal) { ["A"] = "c.cs" },
        };
        Assert.Equal("A -> B -> C -> A", NamespaceGraph.FindCycle(graph));
    }
}
