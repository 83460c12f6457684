using AllocScope.GcTrace;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>A GODEBUG=gctrace=1 log as markdown: the summary as a list, the cycles as a table.</summary>
public sealed partial class MarkdownReportWriter
{
    public void Write(TextTarget target, GcTraceSection section)
    {
        var (w, log) = (target.Out, section.Log);
        w.WriteLine($"# GC trace: `{Md(log.File)}`");
        w.WriteLine();
        w.WriteLine($"Go layout {section.LayoutId}.");
        w.WriteLine();
        w.WriteLines(GcTracePhrases.Summary(section), line => line.StartsWith("  ", StringComparison.Ordinal) ? $"  - `{line.Trim().Replace("`", "'", StringComparison.Ordinal)}`" : $"- {Md(line)}");
        var cycles = target.Options.Take(log.Cycles.Select((c, i) => (c, i))).ToList();
        w.WriteLine();
        w.WriteLine(cycles.Count < log.Cycles.Count ? $"## Cycles (the first {cycles.Count} of {log.Cycles.Count})" : "## Cycles");
        w.WriteLine();
        w.WriteTable("run | N | start s | STW sweep ms | mark ms | STW mark-term ms | assist cpu ms | heap before→after→live MiB | goal MiB | goal/live | forced",
            "---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---", cycles, row =>
            {
                var (c, i) = row;
                var ratio = GcTraceSummary.GoalLiveRatio(log.Cycles, i) is { } r ? r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "-";
                return $"{c.Run + 1} | {c.Number} | {c.StartSeconds.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)} | {GcTracePhrases.Ms(c.SweepTermMs)} | {GcTracePhrases.Ms(c.MarkMs)} | "
                    + $"{GcTracePhrases.Ms(c.MarkTermMs)} | {GcTracePhrases.Ms(c.AssistCpuMs)} | {c.HeapStartMb}→{c.HeapEndMb}→{c.HeapLiveMb} | {c.GoalMb} | {ratio} | {(c.Forced ? "forced" : "")}";
            });
    }
}
