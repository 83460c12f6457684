using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>The pprof views as markdown: a table per listed function or per graph node.</summary>
public sealed partial class MarkdownReportWriter
{
    public void Write(TextTarget target, SourceListingSection section)
    {
        var w = target.Out;
        w.WriteLine($"# List: `{section.SampleType.Type}` ({section.SampleType.Unit})");
        w.WriteLine();
        w.WriteLine($"Total {Units.Integer(section.Total)}." + (section.EscapeLog is null ? " No escape log given: compiler decisions are not shown." : ""));
        foreach (var function in section.Functions)
        {
            var listing = function.Listing;
            w.WriteLine();
            w.WriteLine($"## `{Md(listing.Function)}`" + (listing.File.Length > 0 ? $" in `{Md(listing.File)}`" : ""));
            w.WriteLine();
            if (listing.File.Length == 0)
            {
                w.WriteLine("No source information.");
                continue;
            }

            w.WriteLine($"flat {Units.Integer(listing.Flat)}, cum {Units.Integer(listing.Cum)} ({Units.PprofPercent(listing.Cum, section.Total)} of total)."
                + (function.SourcePath is null ? " Source not found: lines with values only." : ""));
            w.WriteLine();
            w.WriteTable("line | flat | cum | source | compiler", "---:|---:|---:|---|---", function.Lines, line =>
                $"{line.Number} | {Dot(line.Flat)} | {Dot(line.Cum)} | {Code(line.Text)} | {Md(string.Join("; ", line.Notes))}");
        }
    }

    public void Write(TextTarget target, PeekSection section)
    {
        target.Out.WriteLine($"# Peek: `{section.SampleType.Type}` ({section.SampleType.Unit})");
        target.Out.WriteLine();
        target.Out.WriteLine($"Total {Units.Integer(section.Total)}.");
        WriteGraphNodes(target.Out, section.Nodes, section.Total);
    }

    public void Write(TextTarget target, CallTreeSection section)
    {
        var tree = section.Tree;
        target.Out.WriteLine($"# Tree: `{section.SampleType.Type}` ({section.SampleType.Unit})");
        target.Out.WriteLine();
        target.Out.WriteLine($"Total {Units.Integer(section.Total)}; dropped {tree.DroppedNodes} nodes (cum <= {tree.NodeCutoff}) and {tree.DroppedEdges} edges (value <= {tree.EdgeCutoff}).");
        WriteGraphNodes(target.Out, [.. target.Options.Take(tree.Graph.Nodes)], section.Total);
    }

    private static void WriteGraphNodes(TextWriter w, IReadOnlyList<GraphNode> nodes, long total)
    {
        foreach (var node in nodes)
        {
            w.WriteLine();
            w.WriteLine($"## `{Md(node.Name)}`: flat {Units.Integer(node.Flat)} ({Units.PprofPercent(node.Flat, total)}), cum {Units.Integer(node.Cum)} ({Units.PprofPercent(node.Cum, total)})");
            w.WriteLine();
            var rows = node.In.Select(e => ("caller", e, e.From)).Concat(node.Out.Select(e => ("callee", e, e.To))).ToList();
            if (rows.Count == 0)
            {
                w.WriteLine("No callers or callees.");
                continue;
            }

            w.WriteTable("role | value | share of cum | function", "---|---:|---:|---", rows, r =>
                $"{r.Item1} | {Units.Integer(r.e.Weight)} | {Units.PprofPercent(r.e.Weight, node.Cum)} | `{Md(r.Item3.Name)}`{(r.e.Inline ? " (inline)" : "")}");
        }
    }

    private static string Dot(long value) => value == 0 ? "." : Units.Integer(value);

    /// <summary>Source text as inline code; empty without source. Backticks in the code would end the span, so the span uses more.</summary>
    private static string Code(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        return Span(text.Replace('\t', ' ').Trim());
    }
}
