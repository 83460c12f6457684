using AllocScope.Report;

namespace AllocScope.Output;

public sealed partial class MarkdownReportWriter
{
    public void Write(TextTarget target, EscapeSummarySection section)
    {
        target.Out.WriteLine($"# Escape log `{Md(section.Log.Source)}`");
        target.Out.WriteLine();
        target.Out.WriteLine($"{Phrases.Counts(section.Log)}.");
    }

    public void Write(TextTarget target, EscapeTotalsSection section)
    {
        target.Out.WriteBlockHeading($"## {Phrases.Capitalized(Phrases.DecisionsBy(section.By, section.HeapOnly))}");
        target.Out.WriteLine();
        target.Out.WriteTable("key | decisions", "---|---:", section.Totals, t => $"{Span(t.Key)} | {Units.Integer(t.Count)}");
    }

    public void Write(TextTarget target, EscapeDecisionsSection section)
    {
        target.Out.WriteBlockHeading(section.HeapOnly ? "## Heap decisions" : "## Decisions");
        target.Out.WriteLine();
        target.Out.WriteNested(section.Decisions, d => $"- {Span(d.Position)} {Span(Phrases.Function(d))} {Span(d.Expression)} — {Phrases.Classification(d)}",
            d => d.Flow, s => $"  - {Span(Phrases.Flow(s).Trim())}");
    }

    public void Write(TextTarget target, UnrecognizedLinesSection section)
    {
        if (section.Lines.Count > 0)
        {
            target.Out.WriteBlockHeading($"## Unrecognized lines: {section.Lines.Count}");
            target.Out.WriteLine();
            target.Out.WriteLines(section.Lines.Examples, line => $"- line {line.Number}: {Span(line.Text)}");
        }
    }

    public void Write(TextTarget target, EscapeDiffSection section)
    {
        target.Out.WriteLine($"# Escape diff `{Md(section.OldName)}` → `{Md(section.NewName)}`");
        foreach (var group in section.Differences.GroupBy(d => d.Change))
        {
            target.Out.WriteBlockHeading($"## {Phrases.Capitalized(Phrases.ChangeHeading(group.Key))}");
            target.Out.WriteLine();
            target.Out.WriteLines(group, d => $"- {Span(d.Decision.Position)} {Span(Phrases.QualifiedFunction(d.Decision))} {Span(d.Decision.Expression)} — {Phrases.Change(d, " → ")}");
        }
    }
}
