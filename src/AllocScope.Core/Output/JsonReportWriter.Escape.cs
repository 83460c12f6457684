using System.Text.Json;
using AllocScope.EscapeLog;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class JsonReportWriter
{
    public void Write(JsonTarget target, EscapeSummarySection section)
    {
        var (j, log) = (target.Json, section.Log);
        j.WriteString("source", log.Source);
        j.WriteNumber("lines", log.Lines);
        j.WriteNumber("unrecognized", log.Unrecognized.Count);
        j.WriteNumber("otherLines", log.ForeignLineCount);
    }

    public void Write(JsonTarget target, EscapeTotalsSection section)
    {
        target.Json.WriteStartObject("totals");
        target.Json.WriteString("by", section.By.ToString().ToLowerInvariant());
        target.Json.WriteBoolean("heapOnly", section.HeapOnly);
        target.WriteObjects("counts", section.Totals, (j, total) =>
        {
            j.WriteString("key", total.Key);
            j.WriteNumber("count", total.Count);
        });
        target.Json.WriteEndObject();
    }

    public void Write(JsonTarget target, EscapeDecisionsSection section) => target.WriteObjects("decisions", section.Decisions, WriteDecision);

    public void Write(JsonTarget target, EscapeDiffSection section) =>
        target.WriteObjects("changes", section.Differences, (j, difference) =>
        {
            j.WriteString("change", difference.Change switch
            {
                EscapeChange.NewlyOnHeap => "newly-on-heap",
                EscapeChange.NoLongerOnHeap => "no-longer-on-heap",
                _ => "reason-changed",
            });
            foreach (var (name, decision) in new[] { ("old", difference.Old), ("new", difference.New) })
            {
                if (decision is not null)
                {
                    j.WriteStartObject(name);
                    WriteDecision(j, decision);
                    j.WriteEndObject();
                }
            }
        });

    private static void WriteDecision(Utf8JsonWriter j, EscapeDecision d)
    {
        j.WriteString("file", d.File);
        if (d.FullPath is not null)
        {
            j.WriteString("fullPath", d.FullPath);
        }

        WriteLineColumn(j, d.Line, d.Column);
        j.WriteString("package", d.Package);
        j.WriteString("function", d.Function);
        j.WriteString("expression", d.Expression);
        j.WriteString("verdict", d.Verdict.Id());
        j.WriteBoolean("escapes", d.Escapes);
        WriteKindReason(j, d.Kind, d.Reason);
        WriteFlow(j, d.Flow);
    }

    private static void WriteLineColumn(Utf8JsonWriter j, long line, long column)
    {
        j.WriteNumber("line", line);
        j.WriteNumber("column", column);
    }

    private static void WriteKindReason(Utf8JsonWriter j, AllocationKind kind, EscapeReason reason)
    {
        j.WriteString("kind", kind.Id());
        j.WriteString("reason", reason.Id());
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
            WriteLineColumn(j, s.Line, s.Column);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
