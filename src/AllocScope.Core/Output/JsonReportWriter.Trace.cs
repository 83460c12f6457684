using AllocScope.Report;

namespace AllocScope.Output;

public sealed partial class JsonReportWriter
{
    public void Write(JsonTarget target, TraceSection section)
    {
        var j = target.Json;
        var s = section.Summary;
        j.WriteString("format", s.Format);
        j.WriteString("goVersion", s.GoVersion);
        j.WriteNumber("events", s.Events);
        j.WriteNumber("durationNs", s.DurationNs);
        j.WriteNumber("gcCount", s.GcCount);
        j.WriteNumber("stwTotalNs", s.StwTotalNs);
        j.WriteNumber("stwMaxNs", s.StwMaxNs);
        j.WriteNumber("pauseP50Ns", s.PausePercentile(50));
        j.WriteNumber("pauseP99Ns", s.PausePercentile(99));
        j.WriteNumber("gcWallFraction", Math.Round(s.GcWallFraction, 6));
        WriteOptional(j, "allocationBytesPerSecond", s.AllocationRate is { } rate ? Math.Round(rate) : null);

        j.WriteNumber("maxHeapAlloc", s.MaxHeapAlloc);
        j.WriteNumber("goroutinesCreated", s.GoroutinesCreated);
        j.WriteStartObject("eventCounts");
        foreach (var (name, count) in s.EventCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            j.WriteNumber(name, count);
        }

        j.WriteEndObject();
        target.WriteObjects("gcs", target.Options.Take(s.Cycles), (j, c) =>
        {
            j.WriteNumber("startNs", c.StartNs);
            j.WriteNumber("endNs", c.EndNs);
            j.WriteNumber("stwNs", c.StwNs);
            j.WriteNumber("assistNs", c.AssistNs);
            j.WriteNumber("heapBefore", c.HeapBefore);
            j.WriteNumber("heapAfter", c.HeapAfter);
            j.WriteNumber("heapGoal", c.HeapGoal);
            target.WriteObjects("pauses", c.Pauses, (j, p) =>
            {
                j.WriteNumber("startNs", p.StartNs);
                j.WriteNumber("durationNs", p.DurationNs);
                j.WriteString("kind", p.Kind);
            });
        });
        target.WriteObjects("assistPayers", target.Options.Take(s.AssistPayers), (j, a) =>
        {
            j.WriteString("function", a.Function);
            j.WriteNumber("assists", a.Assists);
            j.WriteNumber("ns", a.Ns);
        });
    }
}
