using System.Text.Json;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>
/// Renders a report as one JSON object: `schemaVersion`, then each section's keys in order. The shapes are documented
/// in docs/json-schemas.md (with a change log); every key is camelCase.
/// </summary>
public sealed partial class JsonReportWriter : IReportWriter
{
    public void Write(ReportDocument report, TextWriter output, RenderOptions options)
    {
        using var sink = new JsonTextSink(output);
        var j = sink.Json;
        j.WriteStartObject();
        j.WriteNumber("schemaVersion", ReportDocument.SchemaVersion);
        foreach (var section in report.Sections)
        {
            switch (section)
            {
                case SiteSummarySection s: WriteSiteSummary(j, s); break;
                case NotesSection s: WriteStrings(j, "notes", s.Notes); break;
                case SitesSection s: WriteSites(sink, s, options); break;
                case SiteDiffSection s: WriteSiteDiff(j, s, options); break;
                case TopTableSection s: WriteTop(j, s, options); break;
                case StacksSection s: WriteStacks(j, s); break;
                case ProfileDiffSection s: WriteProfileDiff(j, s.Diff, options); break;
                case EscapeSummarySection s: WriteEscapeSummary(j, s); break;
                case EscapeTotalsSection s: WriteEscapeTotals(j, s); break;
                case EscapeDecisionsSection s: WriteEscapeDecisions(sink, s); break;
                case UnrecognizedLinesSection s: WriteStrings(j, "unrecognizedExamples", s.Lines.Examples.Select(l => $"{l.Number}: {l.Text}")); break;
                case EscapeDiffSection s: WriteEscapeDiff(sink, s); break;
                case ToolsSection s: WriteTools(j, s); break;
                default: throw new NotSupportedException($"no JSON form for {section.GetType().Name}");
            }
        }

        j.WriteEndObject();
        sink.Finish();
    }

    private static void WriteStrings(Utf8JsonWriter j, string name, IEnumerable<string> values)
    {
        j.WriteStartArray(name);
        foreach (var value in values)
        {
            j.WriteStringValue(value);
        }

        j.WriteEndArray();
    }

    private static void WriteTop(Utf8JsonWriter j, TopTableSection top, RenderOptions options)
    {
        j.WriteString("sampleType", top.SampleType.Type);
        j.WriteString("unit", top.SampleType.Unit);
        j.WriteNumber("total", top.Total);
        j.WriteStartArray("rows");
        foreach (var row in options.Take(top.Rows))
        {
            j.WriteStartObject();
            j.WriteString("function", row.Function);
            j.WriteString("file", row.File);
            j.WriteNumber("line", row.Line);
            j.WriteNumber("flat", row.Flat);
            j.WriteNumber("cum", row.Cum);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static void WriteStacks(Utf8JsonWriter j, StacksSection section)
    {
        j.WriteStartArray("stacks");
        foreach (var (frames, value) in section.Stacks)
        {
            j.WriteStartObject();
            WriteStrings(j, "frames", frames.Select(f => f.DisplayName(section.By)));
            j.WriteNumber("value", value);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static void WriteProfileDiff(Utf8JsonWriter j, ProfileDiff diff, RenderOptions options)
    {
        j.WriteString("sampleType", diff.SampleType.Type);
        j.WriteString("unit", diff.SampleType.Unit);
        j.WriteNumber("baseTotal", diff.BaseTotal);
        j.WriteNumber("newTotal", diff.NewTotal);
        j.WriteNumber("delta", diff.TotalDelta);
        j.WriteStartArray("rows");
        foreach (var row in options.Take(diff.Rows))
        {
            j.WriteStartObject();
            j.WriteString("function", row.Function);
            j.WriteString("file", row.File);
            j.WriteNumber("line", row.Line);
            j.WriteNumber("base", row.Base);
            j.WriteNumber("new", row.New);
            j.WriteNumber("delta", row.Delta);
            j.WriteString("status", row.Status.Id());
            if (diff.Share(row) is { } s)
            {
                j.WriteNumber("share", Math.Round(s, 6));
            }

            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static void WriteTools(Utf8JsonWriter j, ToolsSection section)
    {
        j.WriteStartArray("tools");
        foreach (var tool in section.Tools)
        {
            j.WriteStartObject();
            j.WriteString("name", tool.Name);
            j.WriteBoolean("found", tool.Path is not null);
            j.WriteString("path", tool.Path);
            j.WriteString("version", tool.Version);
            j.WriteString("enables", tool.Enables);
            j.WriteString("installHint", tool.InstallHint);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
