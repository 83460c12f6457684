using System.Text.Json;
using AllocScope.EscapeLog;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class JsonReportWriter
{
    private static void WriteEscapeSummary(Utf8JsonWriter j, EscapeSummarySection section)
    {
        var log = section.Log;
        j.WriteString("source", log.Source);
        j.WriteNumber("lines", log.Lines);
        j.WriteNumber("unrecognized", log.Unrecognized.Count);
        j.WriteNumber("otherLines", log.ForeignLineCount);
    }

    private static void WriteEscapeTotals(Utf8JsonWriter j, EscapeTotalsSection section)
    {
        j.WriteStartObject("totals");
        j.WriteString("by", section.By.ToString().ToLowerInvariant());
        j.WriteBoolean("heapOnly", section.HeapOnly);
        j.WriteStartArray("counts");
        foreach (var (key, count) in section.Totals)
        {
            j.WriteStartObject();
            j.WriteString("key", key);
            j.WriteNumber("count", count);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    }

    private static void WriteEscapeDecisions(JsonTextSink sink, EscapeDecisionsSection section)
    {
        sink.Json.WriteStartArray("decisions");
        foreach (var d in section.Decisions)
        {
            WriteDecision(sink.Json, d);
            sink.Drain();
        }

        sink.Json.WriteEndArray();
    }

    private static void WriteEscapeDiff(JsonTextSink sink, EscapeDiffSection section)
    {
        var j = sink.Json;
        j.WriteStartArray("changes");
        foreach (var difference in section.Differences)
        {
            j.WriteStartObject();
            j.WriteString("change", difference.Change switch
            {
                EscapeChange.NewlyOnHeap => "newly-on-heap",
                EscapeChange.NoLongerOnHeap => "no-longer-on-heap",
                _ => "reason-changed",
            });
            if (difference.Old is not null)
            {
                j.WritePropertyName("old");
                WriteDecision(j, difference.Old);
            }

            if (difference.New is not null)
            {
                j.WritePropertyName("new");
                WriteDecision(j, difference.New);
            }

            j.WriteEndObject();
            sink.Drain();
        }

        j.WriteEndArray();
    }

    private static void WriteDecision(Utf8JsonWriter j, EscapeDecision d)
    {
        j.WriteStartObject();
        j.WriteString("file", d.File);
        if (d.FullPath is not null)
        {
            j.WriteString("fullPath", d.FullPath);
        }

        j.WriteNumber("line", d.Line);
        j.WriteNumber("column", d.Column);
        j.WriteString("package", d.Package);
        j.WriteString("function", d.Function);
        j.WriteString("expression", d.Expression);
        j.WriteString("verdict", d.Verdict.Id());
        j.WriteBoolean("escapes", d.Escapes);
        j.WriteString("kind", d.Kind.Id());
        j.WriteString("reason", d.Reason.Id());
        WriteFlow(j, d.Flow);
        j.WriteEndObject();
    }

    /// <summary>The `flow` array: one object per explanation step.</summary>
    private static void WriteFlow(Utf8JsonWriter j, IReadOnlyList<FlowStep> flow)
    {
        j.WriteStartArray("flow");
        foreach (var s in flow)
        {
            j.WriteStartObject();
            j.WriteString("text", s.Kind == FlowStepKind.Edge ? "flow: " + s.Text : s.Text);
            j.WriteString("tag", s.Tag ?? (s.Kind == FlowStepKind.Edge ? "flow" : "warning"));
            j.WriteString("file", s.File);
            j.WriteNumber("line", s.Line);
            j.WriteNumber("column", s.Column);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
