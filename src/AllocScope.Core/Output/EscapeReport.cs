using System.Globalization;
using System.Text;
using System.Text.Json;
using AllocScope.EscapeLog;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

/// <summary>What `allocscope escape` totals decisions by.</summary>
public enum EscapeGrouping
{
    Reason,
    Kind,
    Package,
    File,
    Function,
}

/// <summary>Writes an escape log as a text report (totals, then each decision with its flow) or as JSON.</summary>
public static class EscapeReport
{
    public static IEnumerable<EscapeDecision> Select(AllocScope.EscapeLog.EscapeLog log, bool heapOnly) =>
        heapOnly ? log.Decisions.Where(d => d.Escapes) : log.Decisions;

    public static string KeyOf(EscapeDecision d, EscapeGrouping by) => by switch
    {
        EscapeGrouping.Kind => d.Kind.Id(),
        EscapeGrouping.Package => d.Package.Length > 0 ? d.Package : "(no package)",
        EscapeGrouping.File => d.File,
        EscapeGrouping.Function => d.QualifiedFunction.Length > 0 ? d.QualifiedFunction : "(unknown function)",
        _ => d.Escapes ? d.Reason.Id() : d.Verdict.Id(),
    };

    public static void WriteText(TextWriter output, AllocScope.EscapeLog.EscapeLog log, EscapeGrouping by, bool heapOnly)
    {
        var decisions = Select(log, heapOnly).ToList();
        var heap = log.Decisions.Count(d => d.Escapes);
        output.WriteLine($"escape log {log.Source}: {log.Lines} lines, {log.Packages.Count} packages, {log.Decisions.Count} decisions ({heap} on the heap), "
            + $"{log.InliningDecisions.Count} inlining decisions, {log.Unrecognized.Count} unrecognized, {log.ForeignLineCount} other lines");
        output.WriteLine();
        output.WriteLine($"{(heapOnly ? "heap decisions" : "decisions")} by {by.ToString().ToLowerInvariant()}:");
        var totals = decisions.GroupBy(d => KeyOf(d, by)).Select(g => (Key: g.Key, Count: g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var width = totals.Count == 0 ? 0 : totals.Max(t => t.Key.Length);
        foreach (var (key, count) in totals)
        {
            output.WriteLine($"  {key.PadRight(width)}  {count.ToString(CultureInfo.InvariantCulture),7}");
        }

        output.WriteLine();
        output.WriteLine(heapOnly ? "heap decisions:" : "decisions:");
        foreach (var d in decisions)
        {
            WriteDecision(output, d);
        }

        if (log.Unrecognized.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"unrecognized lines: {log.Unrecognized.Count} (first {log.Unrecognized.Examples.Count}):");
            foreach (var line in log.Unrecognized.Examples)
            {
                output.WriteLine($"  line {line.Number}: {line.Text}");
            }
        }
    }

    public static void WriteDecision(TextWriter output, EscapeDecision d, string prefix = "")
    {
        var function = d.Function.Length > 0 ? d.Function : "?";
        var classification = d.Escapes ? $"{d.Kind.Id()} / {d.Reason.Id()}" : d.Verdict.Id();
        output.WriteLine($"{prefix}{d.Position}  {function}  {d.Expression}  [{classification}]");
        foreach (var s in d.Flow)
        {
            output.WriteLine($"{prefix}    {FlowText(s)}");
        }
    }

    /// <summary>One explanation step as the compiler prints it, edges as `flow: ...` and notes indented under them.</summary>
    internal static string FlowText(FlowStep s) => s.Kind switch
    {
        FlowStepKind.Edge => $"flow: {s.Text}",
        FlowStepKind.Warning => s.Text,
        _ => $"  {s.Text} ({s.Tag}) at {SourcePosition.Format(s.File, s.Line, s.Column)}",
    };

    /// <summary>Writes the JSON to a text writer in chunks: a whole-std log's JSON is ~1 GB, too much to hold as one string.</summary>
    public static void WriteJson(TextWriter output, AllocScope.EscapeLog.EscapeLog log, bool heapOnly)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteJson(json, log, heapOnly, () => PassOn(json, buffer, output, ChunkBytes));
        }

        PassOn(null, buffer, output, 0);
        output.WriteLine();
    }

    private const int ChunkBytes = 1 << 20;

    // Utf8JsonWriter flushes whole tokens, so a flushed buffer never ends inside a UTF-8 character.
    private static void PassOn(Utf8JsonWriter? json, MemoryStream buffer, TextWriter output, int atLeast)
    {
        json?.Flush();
        if (buffer.Length > atLeast)
        {
            output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            buffer.SetLength(0);
        }
    }

    private static void WriteJson(Utf8JsonWriter json, AllocScope.EscapeLog.EscapeLog log, bool heapOnly, Action? afterDecision)
    {
        json.WriteStartObject();
        json.WriteString("source", log.Source);
        json.WriteNumber("lines", log.Lines);
        json.WriteNumber("unrecognized", log.Unrecognized.Count);
        json.WriteStartArray("unrecognizedExamples");
        foreach (var line in log.Unrecognized.Examples)
        {
            json.WriteStringValue($"{line.Number}: {line.Text}");
        }

        json.WriteEndArray();
        json.WriteNumber("otherLines", log.ForeignLineCount);
        json.WriteStartArray("decisions");
        foreach (var d in Select(log, heapOnly))
        {
            WriteDecisionJson(json, d);
            afterDecision?.Invoke();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteDecisionJson(Utf8JsonWriter json, EscapeDecision d)
    {
        json.WriteStartObject();
        json.WriteString("file", d.File);
        if (d.FullPath is not null)
        {
            json.WriteString("fullPath", d.FullPath);
        }

        json.WriteNumber("line", d.Line);
        json.WriteNumber("column", d.Column);
        json.WriteString("package", d.Package);
        json.WriteString("function", d.Function);
        json.WriteString("expression", d.Expression);
        json.WriteString("verdict", d.Verdict.Id());
        json.WriteBoolean("escapes", d.Escapes);
        json.WriteString("kind", d.Kind.Id());
        json.WriteString("reason", d.Reason.Id());
        WriteFlowJson(json, d.Flow);
        json.WriteEndObject();
    }

    /// <summary>The `flow` array of the JSON schemas: one object per explanation step.</summary>
    internal static void WriteFlowJson(Utf8JsonWriter json, IReadOnlyList<FlowStep> flow)
    {
        json.WriteStartArray("flow");
        foreach (var s in flow)
        {
            json.WriteStartObject();
            json.WriteString("text", s.Kind == FlowStepKind.Edge ? "flow: " + s.Text : s.Text);
            json.WriteString("tag", s.Tag ?? (s.Kind == FlowStepKind.Edge ? "flow" : "warning"));
            json.WriteString("file", s.File);
            json.WriteNumber("line", s.Line);
            json.WriteNumber("column", s.Column);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteDiffText(TextWriter output, string oldName, string newName, IReadOnlyList<EscapeDifference> differences)
    {
        output.WriteLine($"escape diff {oldName} -> {newName}: {differences.Count(d => d.Change == EscapeChange.NewlyOnHeap)} newly on the heap, "
            + $"{differences.Count(d => d.Change == EscapeChange.NoLongerOnHeap)} no longer on the heap, {differences.Count(d => d.Change == EscapeChange.ReasonChanged)} with a changed reason");
        foreach (var group in differences.GroupBy(d => d.Change))
        {
            output.WriteLine();
            output.WriteLine(group.Key switch
            {
                EscapeChange.NewlyOnHeap => "newly on the heap:",
                EscapeChange.NoLongerOnHeap => "no longer on the heap:",
                _ => "reason changed:",
            });
            foreach (var difference in group)
            {
                var d = difference.Decision;
                var function = d.QualifiedFunction.Length > 0 ? d.QualifiedFunction : "?";
                var reason = difference.Change == EscapeChange.ReasonChanged
                    ? $"{difference.Old!.Reason.Id()} -> {difference.New!.Reason.Id()}"
                    : d.Reason.Id();
                output.WriteLine($"  {d.Position}  {function}  {d.Expression}  [{d.Kind.Id()} / {reason}]");
            }
        }
    }

    public static void WriteDiffJson(Stream output, IReadOnlyList<EscapeDifference> differences)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("changes");
        foreach (var difference in differences)
        {
            json.WriteStartObject();
            json.WriteString("change", difference.Change switch
            {
                EscapeChange.NewlyOnHeap => "newly-on-heap",
                EscapeChange.NoLongerOnHeap => "no-longer-on-heap",
                _ => "reason-changed",
            });
            if (difference.Old is not null)
            {
                json.WritePropertyName("old");
                WriteDecisionJson(json, difference.Old);
            }

            if (difference.New is not null)
            {
                json.WritePropertyName("new");
                WriteDecisionJson(json, difference.New);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
