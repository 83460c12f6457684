using System.Text;
using AllocScope.Pprof;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>Renders a report as GitHub-flavoured markdown: a heading per report, tables for ranked rows.</summary>
public sealed partial class MarkdownReportWriter : IReportWriter, ISectionWriter<TextTarget>
{
    public void Write(ReportDocument report, TextWriter output, RenderOptions options) => TextBlocks.Walk(report, this, new TextTarget(output, options));

    public void Write(TextTarget target, NotesSection section)
    {
        foreach (var note in section.Notes)
        {
            target.Out.WriteLine();
            target.Out.WriteLine($"> {note}");
        }
    }

    public void Write(TextTarget target, TopTableSection section)
    {
        var (w, total) = (target.Out, section.Total);
        var shown = target.Options.Take(section.Rows).ToList();
        w.WriteLine($"# Top: `{section.SampleType.Type}` ({section.SampleType.Unit})");
        w.WriteLine();
        w.WriteLine($"Showing {shown.Count} of {section.Rows.Count} rows; total {Units.Integer(total)}.");
        w.WriteLine();
        long sum = 0;
        w.WriteTable($"flat | flat% | sum% | cum | cum% | {ColumnTitle(section.By)}", "---:|---:|---:|---:|---:|---", shown, row =>
            $"{Units.Integer(row.Flat)} | {Units.PprofPercent(row.Flat, total)} | {Units.PprofPercent(sum += row.Flat, total)} | {Units.Integer(row.Cum)} | {Units.PprofPercent(row.Cum, total)} | `{Md(row.DisplayName(section.By))}`");
    }

    public void Write(TextTarget target, StacksSection section)
    {
        target.Out.WriteLine("```");
        FoldedReportWriter.WriteStacks(target.Out, section);
        target.Out.WriteLine("```");
    }

    public void Write(TextTarget target, ProfileDiffSection section)
    {
        var (w, diff) = (target.Out, section.Diff);
        w.WriteLine($"# Profile diff: `{diff.SampleType.Type}` ({diff.SampleType.Unit})");
        w.WriteLine();
        w.WriteLine($"Total: base {Units.Integer(diff.BaseTotal)}, new {Units.Integer(diff.NewTotal)}, change {Units.Signed(diff.TotalDelta)}.");
        w.WriteLine();
        w.WriteTable($"base | new | delta | status | {ColumnTitle(diff.By)}", "---:|---:|---:|---|---", target.Options.Take(diff.Rows), row =>
            $"{Units.Integer(row.Base)} | {Units.Integer(row.New)} | {Units.Signed(row.Delta)} | {row.Status.Id()} | `{Md(row.DisplayName(diff.By))}`");
    }

    public void Write(TextTarget target, ToolsSection section) =>
        target.Out.WriteTable("tool | status | enables", "---|---|---", section.Tools, tool =>
            $"{tool.Name} | {Md(tool.Path is null ? $"missing: {tool.InstallHint}" : $"{tool.Version ?? "(version unknown)"} at `{tool.Path}`")} | {Md(tool.Enables)}");

    private static string ColumnTitle(TopGranularity by) => by == TopGranularity.Line ? "function file:line" : "function";

    /// <summary>Escapes what would end a table cell.</summary>
    /// <summary>
    /// Text as inline code that stays one span on one line: a newline (a raw string the compiler printed as written) shown
    /// as ⏎, a fence longer than any run of backticks inside (padded with a space when the text starts or ends with one, which
    /// CommonMark strips), pipes escaped for tables.
    /// </summary>
    private static string Span(string text)
    {
        var line = text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "⏎", StringComparison.Ordinal).Replace('\n', '⏎').Replace('\r', '⏎')
            : text;
        var longest = 0;
        for (int i = 0, run = 0; i < line.Length; i++)
        {
            run = line[i] == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = longest > 0 ? " " : "";
        return fence + pad + Md(line) + pad + fence;
    }

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
