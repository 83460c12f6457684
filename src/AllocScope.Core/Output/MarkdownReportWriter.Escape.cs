using AllocScope.EscapeLog;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class MarkdownReportWriter
{
    private static void WriteEscapeSummary(TextWriter w, EscapeSummarySection section)
    {
        var log = section.Log;
        w.WriteLine($"# Escape log `{Md(log.Source)}`");
        w.WriteLine();
        w.WriteLine($"{log.Lines} lines, {log.Packages.Count} packages, {log.Decisions.Count} decisions ({log.Decisions.Count(d => d.Escapes)} on the heap), "
            + $"{log.InliningDecisions.Count} inlining decisions, {log.Unrecognized.Count} unrecognized, {log.ForeignLineCount} other lines.");
    }

    private static void WriteEscapeTotals(TextWriter w, EscapeTotalsSection section)
    {
        w.WriteLine();
        w.WriteLine($"## {(section.HeapOnly ? "Heap decisions" : "Decisions")} by {section.By.ToString().ToLowerInvariant()}");
        w.WriteLine();
        w.WriteLine("| key | decisions |");
        w.WriteLine("|---|---:|");
        foreach (var (key, count) in section.Totals)
        {
            w.WriteLine($"| `{Md(key)}` | {Units.Integer(count)} |");
        }
    }

    private static void WriteEscapeDecisions(TextWriter w, EscapeDecisionsSection section)
    {
        w.WriteLine();
        w.WriteLine(section.HeapOnly ? "## Heap decisions" : "## Decisions");
        w.WriteLine();
        foreach (var d in section.Decisions)
        {
            w.WriteLine($"- `{Md(d.Position)}` `{Md(Phrases.Function(d))}` `{Md(d.Expression)}` — {Phrases.Classification(d)}");
            foreach (var s in d.Flow)
            {
                w.WriteLine($"  - `{Md(Phrases.Flow(s).Trim())}`");
            }
        }
    }

    private static void WriteUnrecognized(TextWriter w, UnrecognizedLinesSection section)
    {
        if (section.Lines.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine($"## Unrecognized lines: {section.Lines.Count}");
        w.WriteLine();
        foreach (var line in section.Lines.Examples)
        {
            w.WriteLine($"- line {line.Number}: `{Md(line.Text)}`");
        }
    }

    private static void WriteEscapeDiff(TextWriter w, EscapeDiffSection section)
    {
        w.WriteLine($"# Escape diff `{Md(section.OldName)}` → `{Md(section.NewName)}`");
        foreach (var group in section.Differences.GroupBy(d => d.Change))
        {
            w.WriteLine();
            w.WriteLine(group.Key switch
            {
                EscapeChange.NewlyOnHeap => "## Newly on the heap",
                EscapeChange.NoLongerOnHeap => "## No longer on the heap",
                _ => "## Reason changed",
            });
            w.WriteLine();
            foreach (var difference in group)
            {
                var d = difference.Decision;
                var reason = difference.Change == EscapeChange.ReasonChanged
                    ? $"{difference.Old!.Reason.Id()} → {difference.New!.Reason.Id()}"
                    : d.Reason.Id();
                w.WriteLine($"- `{Md(d.Position)}` `{Md(Phrases.QualifiedFunction(d))}` `{Md(d.Expression)}` — {d.Kind.Id()} / {reason}");
            }
        }
    }
}
