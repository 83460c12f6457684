using System.Globalization;
using AllocScope.EscapeLog;
using AllocScope.Report;

namespace AllocScope.Output;

public sealed partial class TextReportWriter
{
    public void Write(TextTarget target, EscapeSummarySection section) => target.Out.WriteLine($"escape log {section.Log.Source}: {Phrases.Counts(section.Log)}");

    public void Write(TextTarget target, EscapeTotalsSection section)
    {
        var width = section.Totals.Count == 0 ? 0 : section.Totals.Max(t => t.Key.Length);
        target.Out.WriteBlockHeading($"{Phrases.DecisionsBy(section.By, section.HeapOnly)}:");
        target.Out.WriteLines(section.Totals, t => $"  {t.Key.PadRight(width)}  {t.Count.ToString(CultureInfo.InvariantCulture),7}");
    }

    public void Write(TextTarget target, EscapeDecisionsSection section)
    {
        target.Out.WriteBlockHeading(section.HeapOnly ? "heap decisions:" : "decisions:");
        target.Out.WriteNested(section.Decisions, d => $"{d.Position}  {Phrases.Function(d)}  {d.Expression}  [{Phrases.Classification(d)}]", d => d.Flow, s => $"    {Phrases.Flow(s)}");
    }

    public void Write(TextTarget target, UnrecognizedLinesSection section)
    {
        if (section.Lines.Count > 0)
        {
            target.Out.WriteBlockHeading($"unrecognized lines: {section.Lines.Count} (first {section.Lines.Examples.Count}):");
            target.Out.WriteLines(section.Lines.Examples, line => $"  line {line.Number}: {line.Text}");
        }
    }

    public void Write(TextTarget target, EscapeDiffSection section)
    {
        var counts = Enum.GetValues<EscapeChange>().Select(c => $"{section.Differences.Count(d => d.Change == c)} {Phrases.Change(c)}");
        target.Out.WriteLine($"escape diff {section.OldName} -> {section.NewName}: {string.Join(", ", counts)}");
        foreach (var group in section.Differences.GroupBy(d => d.Change))
        {
            target.Out.WriteBlockHeading($"{Phrases.ChangeHeading(group.Key)}:");
            target.Out.WriteLines(group, d => $"  {d.Decision.Position}  {Phrases.QualifiedFunction(d.Decision)}  {d.Decision.Expression}  [{Phrases.Change(d, " -> ")}]");
        }
    }
}
