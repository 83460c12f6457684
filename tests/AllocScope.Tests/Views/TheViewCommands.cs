using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Views;

/// <summary>`list`, `peek` and `tree` on the command line: formats, messages, and `top --hide`.</summary>
public sealed partial class TheViewCommands
{
    private static string Rate1 => Repo.Fixture("mem-rate1.pprof");

    [Theory]
    [InlineData("list")]
    [InlineData("peek")]
    public void A_regex_that_matches_no_function_is_a_usage_error_in_one_line(string command)
    {
        var result = CliRunner.Run(command, "NoMatch", Rate1);
        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("allocscope: no matches found for regexp: NoMatch", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void List_text_shows_pprofs_lines_with_the_compilers_decisions_under_them()
    {
        var result = CliRunner.Run("list", "hotspots\\.WriteKeys$", Rate1, "--sample-index", "alloc_space", "--source", Repo.Example(), "--escape", Repo.Fixture("m2.txt"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ROUTINE ======================== example.com/hotspots.WriteKeys in example.com/hotspots/plain.go", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+10747872\s+37113120\s+188:\s+if _, err := w.Write\(\[\]byte\(k\)\)", result.Output);
        Assert.Matches(@"188:.*\n\s+\^ \(\[\]byte\)\(k\) escapes to heap", result.Output);
    }

    [Fact]
    public void List_without_source_prints_numbered_lines_with_values_and_says_so()
    {
        var empty = Directory.CreateTempSubdirectory("allocscope-nosource-").FullName;
        var result = CliRunner.Run("list", "hotspots\\.WriteKeys$", Rate1, "--sample-index", "alloc_space", "--source", empty);
        Directory.Delete(empty);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("source not found: example.com/hotspots/plain.go", result.Output, StringComparison.Ordinal);
        Assert.Contains("(no --escape log", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+10747872\s+37113120\s+188:\n", result.Output);
    }

    [Fact]
    public void List_json_and_markdown_have_the_documented_shape()
    {
        string[] args = ["list", "hotspots\\.(WriteKeys|MakeEntries)$", Rate1, "--source", Repo.Example(), "--escape", Repo.Fixture("m2.txt")];
        var json = CliRunner.Run([.. args, "--format", "json"]);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Output);
        var root = doc.RootElement;
        Assert.Equal(AllocScope.Report.ReportDocument.SchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("alloc_space", root.GetProperty("sampleType").GetString());
        var functions = root.GetProperty("functions").EnumerateArray().ToList();
        Assert.Equal(2, functions.Count);
        var lines = functions.SelectMany(f => f.GetProperty("lines").EnumerateArray()).ToList();
        Assert.Contains(lines, l => l.GetProperty("notes").EnumerateArray().Any(n => n.GetString() == "inlining call to newEntry"));
        Assert.All(functions, f => Assert.EndsWith("plain.go", f.GetProperty("sourcePath").GetString(), StringComparison.Ordinal));

        var markdown = CliRunner.Run([.. args, "--format", "markdown"]);
        Assert.Contains("## `example.com/hotspots.WriteKeys` in `example.com/hotspots/plain.go`", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| line | flat | cum | source | compiler |", markdown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Peek_json_lists_callers_and_callees_with_values()
    {
        var result = CliRunner.Run("peek", "hotspots\\.WriteKeys$", Rate1, "--sample-index", "alloc_space", "--format", "json");
        using var doc = JsonDocument.Parse(result.Output);
        var node = Assert.Single(doc.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal(37113120, node.GetProperty("cum").GetInt64());
        Assert.Contains(node.GetProperty("callers").EnumerateArray(), e => e.GetProperty("function").GetString() == "example.com/hotspots.RunWorkload" && e.GetProperty("value").GetInt64() == 36070656);
        Assert.Contains(node.GetProperty("callees").EnumerateArray(), e => e.GetProperty("function").GetString() == "bytes.(*Buffer).Write");
        Assert.Contains("## `example.com/hotspots.WriteKeys`", CliRunner.Run("peek", "hotspots\\.WriteKeys$", Rate1, "--format", "markdown").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tree_dot_is_a_valid_graph_whose_edges_name_declared_nodes()
    {
        var result = CliRunner.Run("tree", Rate1, "--format", "dot");
        Assert.Equal(0, result.ExitCode);
        var dot = result.Output;
        Assert.StartsWith("digraph ", dot, StringComparison.Ordinal);
        Assert.Equal(dot.Count(c => c == '{'), dot.Count(c => c == '}'));
        var declared = DotNode().Matches(dot).Select(m => m.Groups[1].Value).ToHashSet();
        var edges = DotEdge().Matches(dot).ToList();
        Assert.NotEmpty(declared);
        Assert.NotEmpty(edges);
        Assert.All(edges, e => Assert.True(declared.Contains(e.Groups[1].Value) && declared.Contains(e.Groups[2].Value), e.Value));
        Assert.Contains("flat 52728432", dot, StringComparison.Ordinal);

        var graphviz = FindOnPath("dot");
        if (graphviz is null)
        {
            return; // Graphviz is not installed: the checks above are all we can do.
        }

        var input = Path.GetTempFileName();
        File.WriteAllText(input, dot);
        using var process = Process.Start(new ProcessStartInfo(graphviz, ["-Tsvg", input]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        File.Delete(input);
        Assert.True(process.ExitCode == 0, "dot rejected the graph: " + errors);
    }

    [Fact]
    public void Tree_text_and_json_agree_and_the_limit_cuts_nodes()
    {
        using var doc = JsonDocument.Parse(CliRunner.Run("tree", Rate1, "--format", "json", "--node-count", "0", "--node-fraction", "0", "--edge-fraction", "0").Output);
        var nodes = doc.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(0, doc.RootElement.GetProperty("droppedNodes").GetInt32());
        var text = CliRunner.Run("tree", Rate1, "--node-count", "0", "--node-fraction", "0", "--edge-fraction", "0").Output;
        Assert.All(nodes, n => Assert.Contains("| " + n.GetProperty("function").GetString() + "\n", text, StringComparison.Ordinal));
        var limited = CliRunner.Run("tree", Rate1, "--limit", "3").Output;
        Assert.Equal(3, limited.Split('\n').Count(l => Regex.IsMatch(l, @"^\s*\d+\s+\S+%\s+\S+%\s+\d+")));
        Assert.Contains("# Tree: `alloc_space`", CliRunner.Run("tree", Rate1, "--format", "markdown").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Top_hide_removes_frames_as_pprof_does_and_keeps_the_total()
    {
        var hide = "testing\\.|hotspots\\.Benchmark";
        using var plain = JsonDocument.Parse(CliRunner.Run("top", Rate1, "--format", "json").Output);
        using var hidden = JsonDocument.Parse(CliRunner.Run("top", Rate1, "--format", "json", "--hide", hide).Output);
        Assert.Equal(plain.RootElement.GetProperty("total").GetInt64(), hidden.RootElement.GetProperty("total").GetInt64());
        var rows = hidden.RootElement.GetProperty("rows").EnumerateArray().Select(r => (r.GetProperty("function").GetString()!, r.GetProperty("flat").GetInt64(), r.GetProperty("cum").GetInt64())).ToList();
        Assert.DoesNotContain(rows, r => Regex.IsMatch(r.Item1, hide));

        // The tree's nodes are checked against pprof -tree -hide (TheCallGraphViews); top's rows are the same numbers.
        var stacks = new CallStacks(TopGranularity.Function, new FrameFilter(Hide: new Regex(hide)));
        stacks.Add(ProfileReader.Read(Rate1), null);
        var tree = CallTree.Build(stacks, GraphTrim.None);
        Assert.Equal(tree.Graph.Nodes.Select(n => (n.Name, n.Flat, n.Cum)).Order(), rows.Order());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^(N\d+) \[label=", RegexOptions.Multiline)]
    private static partial Regex DotNode();

    [GeneratedRegex(@"^(N\d+) -> (N\d+) \[", RegexOptions.Multiline)]
    private static partial Regex DotEdge();
}
