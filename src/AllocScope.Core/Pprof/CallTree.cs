namespace AllocScope.Pprof;

/// <summary>
/// How much of a call graph to keep, as pprof's -nodecount, -nodefraction and -edgefraction (its defaults for -tree).
/// All zero keeps everything (what pprof does for -peek and -list).
/// </summary>
public sealed record GraphTrim(int NodeCount = 80, double NodeFraction = 0.005, double EdgeFraction = 0.001)
{
    public static GraphTrim None { get; } = new(0, 0, 0);
}

/// <summary>
/// The call graph `go tool pprof -tree` prints (report.newTrimmedGraph, text mode): nodes whose cum is below the node
/// cutoff are left out and the graph rebuilt without them, then only the first NodeCount nodes by flat are kept (rebuilt
/// again), then edges below the edge cutoff are dropped. Cutoffs are fractions of the graph's flat sum.
/// </summary>
public sealed class CallTree
{
    private CallTree(CallGraph graph, int droppedNodes, int droppedEdges, long nodeCutoff, long edgeCutoff)
    {
        Graph = graph;
        DroppedNodes = droppedNodes;
        DroppedEdges = droppedEdges;
        NodeCutoff = nodeCutoff;
        EdgeCutoff = edgeCutoff;
    }

    public CallGraph Graph { get; }

    /// <summary>Nodes left out for a cum below <see cref="NodeCutoff"/> (pprof's "Dropped N nodes (cum &lt;= X)").</summary>
    public int DroppedNodes { get; }

    /// <summary>Edges left out for a weight below <see cref="EdgeCutoff"/>.</summary>
    public int DroppedEdges { get; }

    public long NodeCutoff { get; }

    public long EdgeCutoff { get; }

    public static CallTree Build(CallStacks stacks, GraphTrim trim)
    {
        var graph = CallGraph.Build(stacks);
        var flatSum = 0L;
        foreach (var node in graph.Nodes)
        {
            flatSum = checked(flatSum + node.Flat);
        }

        // Go's int64(float64(total) * fraction) truncates toward zero, as the cast does here.
        var nodeCutoff = Math.Abs((long)(flatSum * trim.NodeFraction));
        var edgeCutoff = Math.Abs((long)(flatSum * trim.EdgeFraction));
        var droppedNodes = 0;
        if (nodeCutoff > 0)
        {
            var kept = graph.Nodes.Where(n => Math.Abs(n.Cum) >= nodeCutoff).Select(n => n.Id).ToHashSet();
            if (kept.Count != graph.Nodes.Count)
            {
                droppedNodes = graph.Nodes.Count - kept.Count;
                graph = CallGraph.Build(stacks, kept);
            }
        }

        if (trim.NodeCount > 0)
        {
            graph.TrimEdges(edgeCutoff);
            if (graph.Nodes.Count > trim.NodeCount)
            {
                graph = CallGraph.Build(stacks, graph.Nodes.Take(trim.NodeCount).Select(n => n.Id).ToHashSet());
            }
        }

        var droppedEdges = graph.TrimEdges(edgeCutoff);
        return new CallTree(graph, droppedNodes, droppedEdges, nodeCutoff, edgeCutoff);
    }
}
