using System.Globalization;
using AllocScope.EscapeLog;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class TextReportWriter
{
    private static void WriteEscapeSummary(TextWriter w, EscapeSummarySection section)
    {
        var log = section.Log;
        var heap = log.Decisions.Count(d => d.Escapes);
        w.WriteLine($"escape log {log.Source}: {log.Lines} lines, {log.Packages.Count} packages, {log.Decisions.Count} decisions ({heap} on the heap), "
            + $"{log.InliningDecisions.Count} inlining decisions, {log.Unrecognized.Count} unrecognized, {log.ForeignLineCount} other lines");
    }

    private static void WriteEscapeTotals(TextWriter w, EscapeTotalsSection section)
    {
        w.WriteLine();
        w.WriteLine($"{(section.HeapOnly ? "heap decisions" : "decisions")} by {section.By.ToString().ToLowerInvariant()}:");
        var width = section.Totals.Count == 0 ? 0 : section.Totals.Max(t => t.Key.Length);
        foreach (var (key, count) in section.Totals)
        {
            w.WriteLine($"  {key.PadRight(width)}  {count.ToString(CultureInfo.InvariantCulture),7}");
        }
    }

    private static void WriteEscapeDecisions(TextWriter w, EscapeDecisionsSection section)
    {
        w.WriteLine();
        w.WriteLine(section.HeapOnly ? "heap decisions:" : "decisions:");
        foreach (var d in section.Decisions)
        {
            w.WriteLine($"{d.Position}  {Phrases.Function(d)}  {d.Expression}  [{Phrases.Classification(d)}]");
            foreach (var s in d.Flow)
            {
                w.WriteLine($"    {Phrases.Flow(s)}");
            }
        }
    }

    private static void WriteUnrecognized(TextWriter w, UnrecognizedLinesSection section)
    {
        var lines = section.Lines;
        if (lines.Count == 0)
        {
            return;
        }

        w.WriteLine();
        w.WriteLine($"unrecognized lines: {lines.Count} (first {lines.Examples.Count}):");
        foreach (var line in lines.Examples)
        {
            w.WriteLine($"  line {line.Number}: {line.Text}");
        }
    }

    private static void WriteEscapeDiff(TextWriter w, EscapeDiffSection section)
    {
        var differences = section.Differences;
        w.WriteLine($"escape diff {section.OldName} -> {section.NewName}: {differences.Count(d => d.Change == EscapeChange.NewlyOnHeap)} newly on the heap, "
            + $"{differences.Count(d => d.Change == EscapeChange.NoLongerOnHeap)} no longer on the heap, {differences.Count(d => d.Change == EscapeChange.ReasonChanged)} with a changed reason");
        foreach (var group in differences.GroupBy(d => d.Change))
        {
            w.WriteLine();
            w.WriteLine(group.Key switch
            {
                EscapeChange.NewlyOnHeap => "newly on the heap:",
                EscapeChange.NoLongerOnHeap => "no longer on the heap:",
                _ => "reason changed:",
            });
            foreach (var difference in group)
            {
                var d = difference.Decision;
                var reason = difference.Change == EscapeChange.ReasonChanged
                    ? $"{difference.Old!.Reason.Id()} -> {difference.New!.Reason.Id()}"
                    : d.Reason.Id();
                w.WriteLine($"  {d.Position}  {Phrases.QualifiedFunction(d)}  {d.Expression}  [{d.Kind.Id()} / {reason}]");
            }
        }
    }
}
