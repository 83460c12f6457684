using System.Globalization;
using System.Text;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>
/// A call tree as a Graphviz graph (`dot -Tsvg`): one box per node labelled with its name, flat and cum (sized by flat,
/// as pprof's -dot), one edge per caller → callee labelled with its value; residual edges (over left-out nodes) dotted,
/// inline ones dashed. Only call-tree sections have a dot form; other sections are not written.
/// </summary>
public sealed class DotReportWriter : IReportWriter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public void Write(ReportDocument report, TextWriter output, RenderOptions options)
    {
        foreach (var section in report.Sections.OfType<CallTreeSection>())
        {
            WriteGraph(output, section);
        }
    }

    private static void WriteGraph(TextWriter w, CallTreeSection section)
    {
        var (tree, total) = (section.Tree, section.Total);
        var nodes = tree.Graph.Nodes;
        var ids = new Dictionary<int, string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            ids[nodes[i].Id] = "N" + (i + 1).ToString(s_inv);
        }

        var maxFlat = nodes.Count == 0 ? 0 : nodes.Max(n => Math.Abs(n.Flat));
        w.WriteLine("digraph \"allocscope\" {");
        w.WriteLine("node [style=filled fillcolor=\"#f8f8f8\" shape=box fontname=\"Helvetica\"]");
        w.WriteLine("edge [fontname=\"Helvetica\"]");
        var legend = $"Type: {section.SampleType.Type} ({section.SampleType.Unit})\\lTotal: {total.ToString(s_inv)}\\l"
            + $"Dropped {tree.DroppedNodes} nodes (cum <= {tree.NodeCutoff.ToString(s_inv)})\\lDropped {tree.DroppedEdges} edges (freq <= {tree.EdgeCutoff.ToString(s_inv)})\\l";
        w.WriteLine($"subgraph cluster_L {{ \"legend\" [shape=plaintext fillcolor=white label=\"{legend}\"] }}");
        foreach (var node in nodes)
        {
            // pprof sizes a node's font by its flat share: 8 points plus up to 42 for the largest flat.
            var size = 8 + (maxFlat == 0 ? 0 : (int)Math.Ceiling(42.0 * Math.Abs(node.Flat) / maxFlat));
            var label = $"{Escape(node.Name)}\\nflat {node.Flat.ToString(s_inv)} ({Units.PprofPercent(node.Flat, total)})\\ncum {node.Cum.ToString(s_inv)} ({Units.PprofPercent(node.Cum, total)})";
            w.WriteLine($"{ids[node.Id]} [label=\"{label}\" fontsize={size.ToString(s_inv)} tooltip=\"{Escape(node.Name)}\"]");
        }

        foreach (var node in nodes)
        {
            foreach (var edge in node.Out)
            {
                if (!ids.TryGetValue(edge.To.Id, out var to))
                {
                    continue;
                }

                var style = edge.Residual ? " style=dotted" : edge.Inline ? " style=dashed" : "";
                w.WriteLine($"{ids[node.Id]} -> {to} [label=\" {edge.Weight.ToString(s_inv)}{(edge.Inline ? " (inline)" : "")}\"{style}]");
            }
        }

        w.WriteLine("}");
    }

    /// <summary>Inside a double-quoted dot string only the quote and the backslash need escaping.</summary>
    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
