using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

/// <summary>The ranked allocation sites of a report, with the context every format prints.</summary>
public sealed record SiteReport(string SampleType, string Unit, bool Exact, long Total, IReadOnlyList<AllocationSite> Sites, IReadOnlyList<string> Notes);

/// <summary>Writes a <see cref="SiteReport"/> as text, json (schema in docs/json-schemas.md) or markdown.</summary>
public static class SiteReportWriter
{
    private static readonly JsonWriterOptions s_json = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteText(SiteReport report, TextWriter w, int? limit = null)
    {
        w.WriteLine($"Allocation sites by {report.SampleType} ({(report.Exact ? "exact: every allocation recorded" : "estimated: unsampled from a sampled profile")}), total {FormatValue(report, report.Total)}");
        foreach (var note in report.Notes)
        {
            w.WriteLine($"note: {note}");
        }

        w.WriteLine();
        var rank = 0;
        foreach (var site in Take(report, limit))
        {
            rank++;
            var share = Units.Percent(site.Value, report.Total);
            w.WriteLine($"{rank,3}. {FormatValue(report, site.Value),9} {share,6}  {site.Kind.Id(),-13} {site.Reason.Id(),-19} {Location(site)}");
            w.WriteLine($"     {Units.Count(site.Objects)} objects, {Units.Bytes(site.Bytes)} allocated; {Units.Count(site.InuseObjects)} objects, {Units.Bytes(site.InuseBytes)} in use");
            w.WriteLine($"     in {site.Function}{Inlined(site)}{(site.Callee is null ? string.Empty : $" -> {site.Callee}")}");
            if (site.Statement is not null)
            {
                w.WriteLine($"     | {site.Statement}");
            }

            if (site.Escape is { } escape)
            {
                w.WriteLine($"     why: {escape.Message}");
                foreach (var step in escape.Flow)
                {
                    w.WriteLine($"       {step.Text}");
                }
            }

            if (site.Fix is { } fix)
            {
                w.WriteLine($"     fix: {fix.Action}");
                w.WriteLine($"          expected: {fix.ExpectedEffect}");
            }

            w.WriteLine();
        }
    }

    public static void WriteJson(SiteReport report, Stream stream, int? limit = null)
    {
        using var j = new Utf8JsonWriter(stream, s_json);
        j.WriteStartObject();
        j.WriteString("sampleType", report.SampleType);
        j.WriteString("unit", report.Unit);
        j.WriteBoolean("exact", report.Exact);
        j.WriteNumber("total", report.Total);
        j.WriteStartArray("notes");
        foreach (var note in report.Notes)
        {
            j.WriteStringValue(note);
        }

        j.WriteEndArray();
        j.WriteStartArray("sites");
        foreach (var site in Take(report, limit))
        {
            j.WriteStartObject();
            j.WriteString("function", site.Function);
            j.WriteString("file", site.File);
            j.WriteNumber("line", site.Line);
            j.WriteNumber("column", site.Column);
            j.WriteString("kind", site.Kind.Id());
            j.WriteString("reason", site.Reason.Id());
            j.WriteNumber("value", site.Value);
            j.WriteNumber("objects", site.Objects);
            j.WriteNumber("bytes", site.Bytes);
            j.WriteNumber("inuseObjects", site.InuseObjects);
            j.WriteNumber("inuseBytes", site.InuseBytes);
            if (site.Callee is null)
            {
                j.WriteNull("callee");
            }
            else
            {
                j.WriteString("callee", site.Callee);
            }

            j.WriteStartArray("inlinedInto");
            foreach (var caller in site.InlinedInto)
            {
                j.WriteStringValue(caller);
            }

            j.WriteEndArray();
            j.WriteString("statement", site.Statement);
            j.WriteString("fix", site.Fix?.Action);
            j.WriteString("expectedEffect", site.Fix?.ExpectedEffect);
            j.WriteStartArray("evidence");
            foreach (var e in site.Evidence)
            {
                j.WriteStringValue(e);
            }

            j.WriteEndArray();
            if (site.Escape is { } escape)
            {
                j.WriteStartObject("escape");
                j.WriteString("expression", escape.Expression);
                j.WriteString("message", escape.Message);
                j.WriteNumber("column", escape.Column);
                j.WriteStartArray("flow");
                foreach (var step in escape.Flow)
                {
                    j.WriteStartObject();
                    j.WriteString("text", step.Text);
                    j.WriteString("tag", step.Tag);
                    j.WriteString("file", step.File);
                    j.WriteNumber("line", step.Line);
                    j.WriteNumber("column", step.Column);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            }
            else
            {
                j.WriteNull("escape");
            }

            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
        j.Flush();
        stream.WriteByte((byte)'\n');
    }

    public static void WriteMarkdown(SiteReport report, TextWriter w, int? limit = null)
    {
        w.WriteLine("# Allocation sites");
        w.WriteLine();
        w.WriteLine($"Ranked by `{report.SampleType}` ({(report.Exact ? "exact: every allocation recorded" : "estimated from a sampled profile")}); total {FormatValue(report, report.Total)}.");
        foreach (var note in report.Notes)
        {
            w.WriteLine();
            w.WriteLine($"> {note}");
        }

        w.WriteLine();
        w.WriteLine("| # | value | share | kind | reason | site | objects | bytes | fix |");
        w.WriteLine("|---:|---:|---:|---|---|---|---:|---:|---|");
        var rank = 0;
        foreach (var site in Take(report, limit))
        {
            rank++;
            w.WriteLine($"| {rank} | {FormatValue(report, site.Value)} | {Units.Percent(site.Value, report.Total)} | `{site.Kind.Id()}` | `{site.Reason.Id()}` | {Md(Location(site))}<br>`{Md(site.Function)}`{Md(Inlined(site))}{(site.Callee is null ? string.Empty : $" → `{Md(site.Callee)}`")} | {Units.Count(site.Objects)} | {Units.Bytes(site.Bytes)} | {Md(site.Fix?.Action ?? string.Empty)} |");
        }

        w.WriteLine();
        rank = 0;
        foreach (var site in Take(report, limit))
        {
            rank++;
            w.WriteLine($"## {rank}. {Md(Location(site))} — `{site.Kind.Id()}`");
            w.WriteLine();
            if (site.Statement is not null)
            {
                w.WriteLine("```go");
                w.WriteLine(site.Statement);
                w.WriteLine("```");
                w.WriteLine();
            }

            if (site.Escape is { } escape)
            {
                w.WriteLine($"Why on the heap: `{Md(escape.Message)}`");
                foreach (var step in escape.Flow)
                {
                    w.WriteLine($"- `{Md(step.Text)}`");
                }

                w.WriteLine();
            }

            if (site.Fix is { } fix)
            {
                w.WriteLine($"Fix: {Md(fix.Action)}. Expected: {Md(fix.ExpectedEffect)}.");
                w.WriteLine();
            }

            w.WriteLine("Evidence:");
            foreach (var e in site.Evidence)
            {
                w.WriteLine($"- {Md(e)}");
            }

            w.WriteLine();
        }
    }

    private static IEnumerable<AllocationSite> Take(SiteReport report, int? limit) =>
        limit is > 0 ? report.Sites.Take(limit.Value) : report.Sites;

    private static string Location(AllocationSite site) =>
        site.Column > 0 ? $"{site.File}:{site.Line}:{site.Column}" : $"{site.File}:{site.Line}";

    private static string Inlined(AllocationSite site) =>
        site.InlinedInto.Count == 0 ? string.Empty : $" (inlined into {string.Join(", ", site.InlinedInto)})";

    private static string FormatValue(SiteReport report, long value) =>
        report.Unit == "bytes" ? Units.Bytes(value) : Units.Count(value);

    private static string Md(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '|')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
