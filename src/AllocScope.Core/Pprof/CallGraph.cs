namespace AllocScope.Pprof;

/// <summary>A node of a call graph: flat where it is the leaf, cum where it is anywhere in a stack (once per stack).</summary>
public sealed class GraphNode(int id, FrameKey key)
{
    internal readonly List<GraphEdge> InEdges = [];
    internal readonly List<GraphEdge> OutEdges = [];

    public int Id { get; } = id;

    public FrameKey Key { get; } = key;

    public string Name => Key.Name;

    public long Flat { get; internal set; }

    public long Cum { get; internal set; }

    /// <summary>Callers, by weight (descending magnitude), then caller name (pprof's edge order).</summary>
    public IReadOnlyList<GraphEdge> In => InEdges;

    /// <summary>Callees, in the same order.</summary>
    public IReadOnlyList<GraphEdge> Out => OutEdges;
}

/// <summary>
/// A caller → callee edge: the value of the stacks where the callee runs under the caller (once per stack). Inline when
/// every such frame was inlined into its caller; residual when it skips frames a trimmed graph left out.
/// </summary>
public sealed record GraphEdge(GraphNode From, GraphNode To)
{
    public long Weight { get; internal set; }

    public bool Inline { get; internal set; } = true;

    public bool Residual { get; internal set; }
}

/// <summary>
/// pprof's call graph (graph.New) of filtered stacks: nodes with flat and cum, edges with weights. Built from every node,
/// or from a kept set (the others are skipped: an edge over them is residual, a sample whose leaf was skipped adds no flat).
/// </summary>
public sealed class CallGraph
{
    private CallGraph(IReadOnlyList<GraphNode> nodes) => Nodes = nodes;

    /// <summary>Nodes with a value, sorted by flat (descending magnitude), then name, then cum (pprof's text order).</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    public static CallGraph Build(CallStacks stacks, IReadOnlySet<int>? kept = null)
    {
        var nodes = new GraphNode?[stacks.Keys.Count];
        var seen = new int[nodes.Length];
        var seenEdges = new HashSet<(int, int)>();
        var stamp = 0;
        foreach (var (stack, value) in stacks.Stacks)
        {
            stamp++;
            seenEdges.Clear();
            GraphNode? parent = null;
            var residual = false;
            for (var i = stack.Length - 1; i >= 0; i--)
            {
                var id = stack[i] >> 1;
                if (kept is not null && !kept.Contains(id))
                {
                    residual = true;
                    continue;
                }

                var node = nodes[id] ??= new GraphNode(id, stacks.Keys[id]);
                if (seen[id] != stamp)
                {
                    seen[id] = stamp;
                    node.Cum = checked(node.Cum + value);
                }

                if (parent is not null && parent != node && seenEdges.Add((parent.Id, id)))
                {
                    AddToEdge(parent, node, value, residual, (stack[i] & 1) != 0);
                }

                parent = node;
                residual = false;
            }

            if (parent is not null && !residual)
            {
                parent.Flat = checked(parent.Flat + value);
            }
        }

        var list = nodes.Where(n => n is not null && (n.Flat != 0 || n.Cum != 0)).Select(n => n!).ToList();
        list.Sort(FlatOrder);
        foreach (var node in list)
        {
            node.InEdges.Sort(EdgeOrder);
            node.OutEdges.Sort(EdgeOrder);
        }

        return new CallGraph(list);
    }

    /// <summary>Removes edges lighter than <paramref name="cutoff"/> (pprof's TrimLowFrequencyEdges); returns how many.</summary>
    public int TrimEdges(long cutoff)
    {
        var dropped = 0;
        foreach (var node in Nodes)
        {
            dropped += node.InEdges.RemoveAll(e => Math.Abs(e.Weight) < cutoff);
            node.OutEdges.RemoveAll(e => Math.Abs(e.Weight) < cutoff);
        }

        return dropped;
    }

    private static void AddToEdge(GraphNode from, GraphNode to, long value, bool residual, bool inline)
    {
        var edge = from.OutEdges.Find(e => e.To == to);
        if (edge is null)
        {
            edge = new GraphEdge(from, to) { Inline = inline };
            from.OutEdges.Add(edge);
            to.InEdges.Add(edge);
        }

        edge.Weight = checked(edge.Weight + value);
        edge.Residual |= residual;
        edge.Inline &= inline;
    }

    private static int FlatOrder(GraphNode a, GraphNode b)
    {
        var c = Math.Abs(b.Flat).CompareTo(Math.Abs(a.Flat));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.Name, b.Name);
        return c != 0 ? c : Math.Abs(b.Cum).CompareTo(Math.Abs(a.Cum));
    }

    private static int EdgeOrder(GraphEdge a, GraphEdge b)
    {
        var c = Math.Abs(b.Weight).CompareTo(Math.Abs(a.Weight));
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(a.From.Name, b.From.Name);
        return c != 0 ? c : string.CompareOrdinal(a.To.Name, b.To.Name);
    }
}
