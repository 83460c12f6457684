using System.Globalization;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>Renders a report for a terminal: aligned columns, one block per site or decision.</summary>
public sealed partial class TextReportWriter : IReportWriter, ISectionWriter<TextTarget>
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public void Write(ReportDocument report, TextWriter output, RenderOptions options) => TextBlocks.Walk(report, this, new TextTarget(output, options));

    public void Write(TextTarget target, StacksSection section) => FoldedReportWriter.WriteStacks(target.Out, section);

    public void Write(TextTarget target, NotesSection section) => target.Out.WriteLines(section.Notes, note => $"note: {note}");

    public void Write(TextTarget target, TopTableSection section)
    {
        var (w, total) = (target.Out, section.Total);
        var shown = target.Options.Take(section.Rows).ToList();
        var shownFlat = shown.Sum(r => r.Flat);
        w.WriteLine($"Type: {section.SampleType.Type} ({section.SampleType.Unit})");
        w.WriteLine($"Showing {shown.Count} of {section.Rows.Count} rows, accounting for {shownFlat.ToString(s_inv)}, {Units.PprofPercent(shownFlat, total)} of {total.ToString(s_inv)} total");
        w.WriteLine($"{"flat",12} {"flat%",7} {"sum%",7} {"cum",12} {"cum%",7}  {ColumnTitle(section.By)}");
        long sum = 0;
        w.WriteLines(shown, row => $"{row.Flat.ToString(s_inv),12} {Units.PprofPercent(row.Flat, total),7} {Units.PprofPercent(sum += row.Flat, total),7} {row.Cum.ToString(s_inv),12} {Units.PprofPercent(row.Cum, total),7}  {row.DisplayName(section.By)}");
    }

    public void Write(TextTarget target, ProfileDiffSection section)
    {
        var (w, diff) = (target.Out, section.Diff);
        var percent = diff.BaseTotal == 0 ? "n/a" : Units.Signed((long)Math.Round(100.0 * diff.TotalDelta / diff.BaseTotal)) + "%";
        w.WriteLine($"Type: {diff.SampleType.Type} ({diff.SampleType.Unit})");
        w.WriteLine($"Total: base {diff.BaseTotal.ToString(s_inv)}, new {diff.NewTotal.ToString(s_inv)}, change {Units.Signed(diff.TotalDelta)} ({percent})");
        w.WriteLine($"{"base",12} {"new",12} {"delta",12} {"share",8}  {"status",-9} {ColumnTitle(diff.By)}");
        w.WriteLines(target.Options.Take(diff.Rows), row =>
        {
            var share = diff.Share(row) is { } s ? (s * 100).ToString("F2", s_inv) + "%" : "-";
            return $"{row.Base.ToString(s_inv),12} {row.New.ToString(s_inv),12} {Units.Signed(row.Delta),12} {share,8}  {row.Status.Id(),-9} {row.DisplayName(diff.By)}";
        });
    }

    public void Write(TextTarget target, ToolsSection section)
    {
        foreach (var tool in section.Tools)
        {
            var (status, detail) = tool.Path is null
                ? ("missing  ", $"to install: {tool.InstallHint}")
                : ($"found     {tool.Version ?? "(version unknown)"} at {tool.Path}", $"enables: {tool.Enables}");
            target.Out.WriteLine(tool.Path is null ? $"{tool.Name,-9} {status} enables: {tool.Enables}" : $"{tool.Name,-9} {status}");
            target.Out.WriteLine($"{"",-9}           {detail}");
        }
    }

    private static string ColumnTitle(TopGranularity by) => by == TopGranularity.Line ? "function file:line" : "function";
}
