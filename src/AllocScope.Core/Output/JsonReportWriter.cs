using System.Text.Json;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>What the JSON format writes into: the chunked JSON writer and how much to render.</summary>
public sealed class JsonTarget(TextWriter output, RenderOptions options) : IDisposable
{
    internal JsonTextSink Sink { get; } = new(output);

    public Utf8JsonWriter Json => Sink.Json;

    public RenderOptions Options { get; } = options;

    /// <summary>Writes an array of objects, one per item, passing the output on between items (arrays can be huge).</summary>
    public void WriteObjects<T>(string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> writeProperties)
    {
        Json.WriteStartArray(name);
        foreach (var item in items)
        {
            Json.WriteStartObject();
            writeProperties(Json, item);
            Json.WriteEndObject();
            Sink.Drain();
        }

        Json.WriteEndArray();
    }

    public void WriteStrings(string name, IEnumerable<string> values) => JsonReportWriter.WriteStrings(Json, name, values);

    public void Dispose() => Sink.Dispose();
}

/// <summary>
/// Renders a report as one JSON object: `schemaVersion`, then each section's keys in order. The shapes are documented
/// in docs/json-schemas.md (with a change log); every key is camelCase.
/// </summary>
public sealed partial class JsonReportWriter : IReportWriter, ISectionWriter<JsonTarget>
{
    internal static void WriteStrings(Utf8JsonWriter j, string name, IEnumerable<string> values)
    {
        j.WriteStartArray(name);
        foreach (var value in values)
        {
            j.WriteStringValue(value);
        }

        j.WriteEndArray();
    }

    public void Write(ReportDocument report, TextWriter output, RenderOptions options)
    {
        using var target = new JsonTarget(output, options);
        target.Json.WriteStartObject();
        target.Json.WriteNumber("schemaVersion", ReportDocument.SchemaVersion);
        TextBlocks.Walk(report, this, target);
        target.Json.WriteEndObject();
        target.Sink.Finish();
    }

    public void Write(JsonTarget target, NotesSection section) => target.WriteStrings("notes", section.Notes);

    public void Write(JsonTarget target, UnrecognizedLinesSection section) =>
        target.WriteStrings("unrecognizedExamples", section.Lines.Examples.Select(l => $"{l.Number}: {l.Text}"));

    public void Write(JsonTarget target, TopTableSection section)
    {
        var j = target.Json;
        j.WriteString("sampleType", section.SampleType.Type);
        j.WriteString("unit", section.SampleType.Unit);
        j.WriteNumber("total", section.Total);
        target.WriteObjects("rows", target.Options.Take(section.Rows), (j, row) =>
        {
            WriteFrame(j, row.Function, row.File, row.Line);
            j.WriteNumber("flat", row.Flat);
            j.WriteNumber("cum", row.Cum);
        });
    }

    public void Write(JsonTarget target, StacksSection section) =>
        target.WriteObjects("stacks", section.Stacks, (j, stack) =>
        {
            WriteStrings(j, "frames", stack.Frames.Select(f => f.DisplayName(section.By)));
            j.WriteNumber("value", stack.Value);
        });

    public void Write(JsonTarget target, ProfileDiffSection section)
    {
        var diff = section.Diff;
        WriteTotals(target.Json, diff.SampleType.Type, diff.SampleType.Unit, diff.BaseTotal, diff.NewTotal);
        target.WriteObjects("rows", target.Options.Take(diff.Rows), (j, row) =>
        {
            WriteFrame(j, row.Function, row.File, row.Line);
            WriteChange(j, row.Base, row.New, row.Status);
            if (diff.Share(row) is { } s)
            {
                j.WriteNumber("share", Math.Round(s, 6));
            }
        });
    }

    public void Write(JsonTarget target, ToolsSection section) =>
        target.WriteObjects("tools", section.Tools, (j, tool) =>
        {
            j.WriteString("name", tool.Name);
            j.WriteBoolean("found", tool.Path is not null);
            j.WriteString("path", tool.Path);
            j.WriteString("version", tool.Version);
            j.WriteString("enables", tool.Enables);
            j.WriteString("installHint", tool.InstallHint);
        });

    private static void WriteFrame(Utf8JsonWriter j, string function, string file, long line)
    {
        j.WriteString("function", function);
        j.WriteString("file", file);
        j.WriteNumber("line", line);
    }

    /// <summary>The header of both diff documents: what is compared and the two totals.</summary>
    private static void WriteTotals(Utf8JsonWriter j, string sampleType, string unit, long baseTotal, long newTotal)
    {
        j.WriteString("sampleType", sampleType);
        j.WriteString("unit", unit);
        j.WriteNumber("baseTotal", baseTotal);
        j.WriteNumber("newTotal", newTotal);
        j.WriteNumber("delta", newTotal - baseTotal);
    }

    private static void WriteChange(Utf8JsonWriter j, long baseValue, long newValue, DiffStatus status)
    {
        j.WriteNumber("base", baseValue);
        j.WriteNumber("new", newValue);
        j.WriteNumber("delta", newValue - baseValue);
        j.WriteString("status", status.Id());
    }
}
