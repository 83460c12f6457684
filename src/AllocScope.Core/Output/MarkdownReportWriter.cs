using System.Text;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>Renders a report as GitHub-flavoured markdown: a heading per report, tables for ranked rows.</summary>
public sealed partial class MarkdownReportWriter : IReportWriter
{
    public void Write(ReportDocument report, TextWriter output, RenderOptions options)
    {
        foreach (var section in report.Sections)
        {
            switch (section)
            {
                case SiteSummarySection s: WriteSiteSummary(output, s); break;
                case NotesSection s: WriteNotes(output, s); break;
                case SitesSection s: WriteSites(output, s, options); break;
                case SiteDiffSection s: WriteSiteDiff(output, s, options); break;
                case TopTableSection s: WriteTop(output, s, options); break;
                case StacksSection s: WriteStacks(output, s); break;
                case ProfileDiffSection s: WriteProfileDiff(output, s.Diff, options); break;
                case EscapeSummarySection s: WriteEscapeSummary(output, s); break;
                case EscapeTotalsSection s: WriteEscapeTotals(output, s); break;
                case EscapeDecisionsSection s: WriteEscapeDecisions(output, s); break;
                case UnrecognizedLinesSection s: WriteUnrecognized(output, s); break;
                case EscapeDiffSection s: WriteEscapeDiff(output, s); break;
                case ToolsSection s: WriteTools(output, s); break;
                default: throw new NotSupportedException($"no markdown form for {section.GetType().Name}");
            }
        }
    }

    private static void WriteNotes(TextWriter w, NotesSection section)
    {
        foreach (var note in section.Notes)
        {
            w.WriteLine();
            w.WriteLine($"> {note}");
        }
    }

    private static void WriteTop(TextWriter w, TopTableSection top, RenderOptions options)
    {
        var shown = options.Take(top.Rows).ToList();
        w.WriteLine($"# Top: `{top.SampleType.Type}` ({top.SampleType.Unit})");
        w.WriteLine();
        w.WriteLine($"Showing {shown.Count} of {top.Rows.Count} rows; total {Units.Integer(top.Total)}.");
        w.WriteLine();
        w.WriteLine("| flat | flat% | sum% | cum | cum% | " + (top.By == TopGranularity.Line ? "function file:line" : "function") + " |");
        w.WriteLine("|---:|---:|---:|---:|---:|---|");
        long sum = 0;
        foreach (var row in shown)
        {
            sum += row.Flat;
            w.WriteLine($"| {Units.Integer(row.Flat)} | {Units.PprofPercent(row.Flat, top.Total)} | {Units.PprofPercent(sum, top.Total)} | {Units.Integer(row.Cum)} | {Units.PprofPercent(row.Cum, top.Total)} | `{Md(row.DisplayName(top.By))}` |");
        }
    }

    private static void WriteStacks(TextWriter w, StacksSection section)
    {
        w.WriteLine("```");
        FoldedReportWriter.WriteStacks(w, section);
        w.WriteLine("```");
    }

    private static void WriteProfileDiff(TextWriter w, ProfileDiff diff, RenderOptions options)
    {
        w.WriteLine($"# Profile diff: `{diff.SampleType.Type}` ({diff.SampleType.Unit})");
        w.WriteLine();
        w.WriteLine($"Total: base {Units.Integer(diff.BaseTotal)}, new {Units.Integer(diff.NewTotal)}, change {Units.Signed(diff.TotalDelta)}.");
        w.WriteLine();
        w.WriteLine("| base | new | delta | status | " + (diff.By == TopGranularity.Line ? "function file:line" : "function") + " |");
        w.WriteLine("|---:|---:|---:|---|---|");
        foreach (var row in options.Take(diff.Rows))
        {
            w.WriteLine($"| {Units.Integer(row.Base)} | {Units.Integer(row.New)} | {Units.Signed(row.Delta)} | {row.Status.Id()} | `{Md(row.DisplayName(diff.By))}` |");
        }
    }

    private static void WriteTools(TextWriter w, ToolsSection section)
    {
        w.WriteLine("| tool | status | enables |");
        w.WriteLine("|---|---|---|");
        foreach (var tool in section.Tools)
        {
            var status = tool.Path is null ? $"missing: {tool.InstallHint}" : $"{tool.Version ?? "(version unknown)"} at `{tool.Path}`";
            w.WriteLine($"| {tool.Name} | {Md(status)} | {Md(tool.Enables)} |");
        }
    }

    /// <summary>Escapes what would end a table cell.</summary>
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
