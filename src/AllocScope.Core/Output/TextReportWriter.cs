using System.Globalization;
using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

/// <summary>Renders a report for a terminal: aligned columns, one block per site or decision.</summary>
public sealed partial class TextReportWriter : IReportWriter
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

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
                case StacksSection s: FoldedReportWriter.WriteStacks(output, s); break;
                case ProfileDiffSection s: WriteProfileDiff(output, s.Diff, options); break;
                case EscapeSummarySection s: WriteEscapeSummary(output, s); break;
                case EscapeTotalsSection s: WriteEscapeTotals(output, s); break;
                case EscapeDecisionsSection s: WriteEscapeDecisions(output, s); break;
                case UnrecognizedLinesSection s: WriteUnrecognized(output, s); break;
                case EscapeDiffSection s: WriteEscapeDiff(output, s); break;
                case ToolsSection s: WriteTools(output, s); break;
                default: throw new NotSupportedException($"no text form for {section.GetType().Name}");
            }
        }
    }

    private static void WriteNotes(TextWriter w, NotesSection section)
    {
        foreach (var note in section.Notes)
        {
            w.WriteLine($"note: {note}");
        }
    }

    private static void WriteTop(TextWriter w, TopTableSection top, RenderOptions options)
    {
        var shown = options.Take(top.Rows).ToList();
        var shownFlat = shown.Sum(r => r.Flat);
        w.WriteLine($"Type: {top.SampleType.Type} ({top.SampleType.Unit})");
        w.WriteLine($"Showing {shown.Count} of {top.Rows.Count} rows, accounting for {shownFlat.ToString(s_inv)}, {Units.PprofPercent(shownFlat, top.Total)} of {top.Total.ToString(s_inv)} total");
        w.WriteLine($"{"flat",12} {"flat%",7} {"sum%",7} {"cum",12} {"cum%",7}  {(top.By == TopGranularity.Line ? "function file:line" : "function")}");
        long sum = 0;
        foreach (var row in shown)
        {
            sum += row.Flat;
            w.WriteLine($"{row.Flat.ToString(s_inv),12} {Units.PprofPercent(row.Flat, top.Total),7} {Units.PprofPercent(sum, top.Total),7} {row.Cum.ToString(s_inv),12} {Units.PprofPercent(row.Cum, top.Total),7}  {row.DisplayName(top.By)}");
        }
    }

    private static void WriteProfileDiff(TextWriter w, ProfileDiff diff, RenderOptions options)
    {
        w.WriteLine($"Type: {diff.SampleType.Type} ({diff.SampleType.Unit})");
        w.WriteLine($"Total: base {diff.BaseTotal.ToString(s_inv)}, new {diff.NewTotal.ToString(s_inv)}, change {Units.Signed(diff.TotalDelta)} ({(diff.BaseTotal == 0 ? "n/a" : Units.Signed((long)Math.Round(100.0 * diff.TotalDelta / diff.BaseTotal)) + "%")})");
        w.WriteLine($"{"base",12} {"new",12} {"delta",12} {"share",8}  {"status",-9} {(diff.By == TopGranularity.Line ? "function file:line" : "function")}");
        foreach (var row in options.Take(diff.Rows))
        {
            var share = diff.Share(row) is { } s ? (s * 100).ToString("F2", s_inv) + "%" : "-";
            w.WriteLine($"{row.Base.ToString(s_inv),12} {row.New.ToString(s_inv),12} {Units.Signed(row.Delta),12} {share,8}  {row.Status.Id(),-9} {row.DisplayName(diff.By)}");
        }
    }

    private static void WriteTools(TextWriter w, ToolsSection section)
    {
        foreach (var tool in section.Tools)
        {
            if (tool.Path is null)
            {
                w.WriteLine($"{tool.Name,-9} missing   enables: {tool.Enables}");
                w.WriteLine($"{"",-9}           to install: {tool.InstallHint}");
            }
            else
            {
                w.WriteLine($"{tool.Name,-9} found     {tool.Version ?? "(version unknown)"} at {tool.Path}");
                w.WriteLine($"{"",-9}           enables: {tool.Enables}");
            }
        }
    }

    private static string Kind(AllocationKind kind) => kind.Id();
}
