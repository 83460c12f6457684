using AllocScope.Report;

namespace AllocScope.Output;

public sealed partial class MarkdownReportWriter
{
    public void Write(TextTarget target, TraceSection section)
    {
        var w = target.Out;
        var s = section.Summary;
        w.WriteLine($"# Execution trace `{Md(section.File)}`");
        w.WriteLine();
        w.WriteLine($"{TracePhrases.Headline(s)}.");
        w.WriteLine();
        w.WriteLine($"{TracePhrases.GcLine(s)}. {TracePhrases.HeapLine(s)}.");
        w.WriteLine();
        w.WriteTable("gc | start ms | end ms | STW ms | assist ms | heap before | after | goal | pauses", "---:|---:|---:|---:|---:|---:|---:|---:|---",
            target.Options.Take(s.Cycles), c => $"{c.Number} | {TracePhrases.Ms(c.StartNs)} | {TracePhrases.Ms(c.EndNs)} | {TracePhrases.Ms(c.StwNs)} | {TracePhrases.Ms(c.AssistNs)} | "
                + $"{Units.Bytes(c.HeapBefore)} | {Units.Bytes(c.HeapAfter)} | {Units.Bytes(c.HeapGoal)} | {TracePhrases.Pauses(c)}");
        if (s.AssistPayers.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"## Who pays: mark assists by the function that allocated{TracePhrases.Symbols(s)}");
            w.WriteLine();
            w.WriteTable("function | assists | ms", "---|---:|---:", target.Options.Take(s.AssistPayers), a => $"`{Md(a.Function)}` | {a.Assists} | {TracePhrases.Ms(a.Ns)}");
        }
    }
}
