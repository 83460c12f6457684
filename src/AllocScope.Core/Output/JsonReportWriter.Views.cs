using System.Text.Json;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>The pprof views as JSON (docs/json-schemas.md: list, peek, tree).</summary>
public sealed partial class JsonReportWriter
{
    public void Write(JsonTarget target, SourceListingSection section)
    {
        var j = target.Json;
        j.WriteString("sampleType", section.SampleType.Type);
        j.WriteString("unit", section.SampleType.Unit);
        j.WriteNumber("total", section.Total);
        j.WriteString("escapeLog", section.EscapeLog);
        target.WriteObjects("functions", section.Functions, (j, function) =>
        {
            var listing = function.Listing;
            j.WriteString("function", listing.Function);
            j.WriteString("file", listing.File);
            j.WriteString("sourcePath", function.SourcePath);
            j.WriteNumber("flat", listing.Flat);
            j.WriteNumber("cum", listing.Cum);
            j.WriteStartArray("lines");
            foreach (var line in function.Lines)
            {
                j.WriteStartObject();
                j.WriteNumber("line", line.Number);
                j.WriteNumber("flat", line.Flat);
                j.WriteNumber("cum", line.Cum);
                j.WriteString("text", line.Text);
                WriteStrings(j, "notes", line.Notes);
                j.WriteEndObject();
            }

            j.WriteEndArray();
        });
    }

    public void Write(JsonTarget target, PeekSection section)
    {
        WriteGraphHeader(target.Json, section.SampleType, section.Total);
        WriteGraphNodes(target, section.Nodes);
    }

    public void Write(JsonTarget target, CallTreeSection section)
    {
        var (j, tree) = (target.Json, section.Tree);
        WriteGraphHeader(j, section.SampleType, section.Total);
        j.WriteNumber("droppedNodes", tree.DroppedNodes);
        j.WriteNumber("nodeCutoff", tree.NodeCutoff);
        j.WriteNumber("droppedEdges", tree.DroppedEdges);
        j.WriteNumber("edgeCutoff", tree.EdgeCutoff);
        WriteGraphNodes(target, target.Options.Take(tree.Graph.Nodes));
    }

    private static void WriteGraphHeader(Utf8JsonWriter j, Pprof.ValueType sampleType, long total)
    {
        j.WriteString("sampleType", sampleType.Type);
        j.WriteString("unit", sampleType.Unit);
        j.WriteNumber("total", total);
    }

    private static void WriteGraphNodes(JsonTarget target, IEnumerable<GraphNode> nodes) =>
        target.WriteObjects("nodes", nodes, (j, node) =>
        {
            j.WriteString("function", node.Name);
            j.WriteNumber("flat", node.Flat);
            j.WriteNumber("cum", node.Cum);
            WriteEdges(j, "callers", node.In, e => e.From);
            WriteEdges(j, "callees", node.Out, e => e.To);
        });

    private static void WriteEdges(Utf8JsonWriter j, string name, IReadOnlyList<GraphEdge> edges, Func<GraphEdge, GraphNode> other)
    {
        j.WriteStartArray(name);
        foreach (var edge in edges)
        {
            j.WriteStartObject();
            j.WriteString("function", other(edge).Name);
            j.WriteNumber("value", edge.Weight);
            j.WriteBoolean("inline", edge.Inline);
            j.WriteBoolean("residual", edge.Residual);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
