using AllocScope.Report;

namespace AllocScope.Output;

public sealed partial class TextReportWriter
{
    public void Write(TextTarget target, TraceSection section)
    {
        var w = target.Out;
        var s = section.Summary;
        w.WriteLine($"{section.File}: {TracePhrases.Headline(s)}");
        w.WriteLine(TracePhrases.GcLine(s));
        w.WriteLine(TracePhrases.HeapLine(s));
        w.WriteLine();
        w.WriteLine($"{"gc",4} {"start ms",10} {"end ms",10} {"STW ms",8} {"assist ms",10} {"heap before",12} {"after",10} {"goal",10}  pauses");
        foreach (var c in target.Options.Take(s.Cycles))
        {
            w.WriteLine($"{c.Number,4} {TracePhrases.Ms(c.StartNs),10} {TracePhrases.Ms(c.EndNs),10} {TracePhrases.Ms(c.StwNs),8} {TracePhrases.Ms(c.AssistNs),10} "
                + $"{Units.Bytes(c.HeapBefore),12} {Units.Bytes(c.HeapAfter),10} {Units.Bytes(c.HeapGoal),10}  {TracePhrases.Pauses(c)}");
        }

        if (s.AssistPayers.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Who pays: goroutines made to assist the GC while allocating, by the function that allocated{TracePhrases.Symbols(s)}");
            foreach (var a in target.Options.Take(s.AssistPayers))
            {
                w.WriteLine($"  {TracePhrases.Ms(a.Ns),10} ms {a.Assists,6} assists  {a.Function}");
            }
        }
    }
}
