using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>The pprof views in pprof's own text layout (-list, -peek, -tree), values as exact integers.</summary>
public sealed partial class TextReportWriter
{
    private const string TreeSeparator = "----------------------------------------------------------+-------------";

    public void Write(TextTarget target, SourceListingSection section)
    {
        var w = target.Out;
        w.WriteLine($"Type: {section.SampleType.Type} ({section.SampleType.Unit})");
        w.WriteLine($"Total: {section.Total.ToString(s_inv)}");
        if (section.EscapeLog is null)
        {
            w.WriteLine("(no --escape log: compiler decisions are not shown)");
        }

        foreach (var function in section.Functions)
        {
            var listing = function.Listing;
            if (listing.File.Length == 0)
            {
                w.WriteLine($"No source information for {listing.Function}");
                continue;
            }

            w.WriteLine($"ROUTINE ======================== {listing.Function} in {listing.File}");
            w.WriteLine($"{listing.Flat.ToString(s_inv),10} {listing.Cum.ToString(s_inv),10} (flat, cum) {Units.PprofPercent(listing.Cum, section.Total)} of Total");
            if (function.SourcePath is null)
            {
                w.WriteLine($" (source not found: {listing.File}; lines with values only, numbers without text; --source DIR names where it is)");
            }

            foreach (var line in function.Lines)
            {
                w.WriteLine($"{ValueOrDot(line.Flat),10} {ValueOrDot(line.Cum),10} {line.Number.ToString(s_inv),6}:{line.Text}");
                foreach (var note in line.Notes)
                {
                    w.WriteLine($"{"",10} {"",10} {"",6}  ^ {note}");
                }
            }
        }
    }

    public void Write(TextTarget target, PeekSection section)
    {
        var w = target.Out;
        w.WriteLine($"Type: {section.SampleType.Type} ({section.SampleType.Unit})");
        w.WriteLine($"Total: {section.Total.ToString(s_inv)}");
        WriteTreeNodes(w, section.Nodes, section.Total);
    }

    public void Write(TextTarget target, CallTreeSection section)
    {
        var (w, tree) = (target.Out, section.Tree);
        var nodes = target.Options.Take(tree.Graph.Nodes).ToList();
        var shownFlat = nodes.Sum(n => n.Flat);
        w.WriteLine($"Type: {section.SampleType.Type} ({section.SampleType.Unit})");
        w.WriteLine($"Showing nodes accounting for {shownFlat.ToString(s_inv)}, {Units.PprofPercent(shownFlat, section.Total)} of {section.Total.ToString(s_inv)} total");
        if (tree.DroppedNodes > 0)
        {
            w.WriteLine($"Dropped {tree.DroppedNodes} nodes (cum <= {tree.NodeCutoff.ToString(s_inv)})");
        }

        if (tree.DroppedEdges > 0)
        {
            w.WriteLine($"Dropped {tree.DroppedEdges} edges (freq <= {tree.EdgeCutoff.ToString(s_inv)})");
        }

        WriteTreeNodes(w, nodes, section.Total);
    }

    /// <summary>pprof's printTree: per node its callers (share of its cum), itself, its callees.</summary>
    private static void WriteTreeNodes(TextWriter w, IReadOnlyList<GraphNode> nodes, long total)
    {
        w.WriteLine(TreeSeparator);
        w.WriteLine("      flat  flat%   sum%        cum   cum%   calls calls% + context");
        long flatSum = 0;
        foreach (var node in nodes)
        {
            w.WriteLine(TreeSeparator);
            foreach (var edge in node.In)
            {
                w.WriteLine($"{edge.Weight.ToString(s_inv),50} {Percent(edge.Weight, node.Cum)} |   {edge.From.Name}{(edge.Inline ? " (inline)" : "")}");
            }

            flatSum += node.Flat;
            w.WriteLine($"{node.Flat.ToString(s_inv),10} {Percent(node.Flat, total)} {Percent(flatSum, total)} {node.Cum.ToString(s_inv),10} {Percent(node.Cum, total)}                | {node.Name}");
            foreach (var edge in node.Out)
            {
                w.WriteLine($"{edge.Weight.ToString(s_inv),50} {Percent(edge.Weight, node.Cum)} |   {edge.To.Name}{(edge.Inline ? " (inline)" : "")}");
            }
        }

        if (nodes.Count > 0)
        {
            w.WriteLine(TreeSeparator);
        }
    }

    // Go's %5.2g writes a lower-case exponent (4.4e-05%).
    private static string Percent(long value, long total) => Units.PprofPercent(value, total).Replace('E', 'e').PadLeft(6);

    private static string ValueOrDot(long value) => value == 0 ? "." : value.ToString(s_inv);
}
