using AllocScope.GcTrace;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>A GODEBUG=gctrace=1 log as JSON (docs/json-schemas.md: gctrace).</summary>
public sealed partial class JsonReportWriter
{
    public void Write(JsonTarget target, GcTraceSection section)
    {
        var (j, log, s) = (target.Json, section.Log, section.Summary);
        j.WriteString("file", log.File);
        j.WriteString("goLayout", section.LayoutId);
        j.WriteNumber("gcCount", s.GcCount);
        j.WriteNumber("forcedCount", s.ForcedCount);
        j.WriteNumber("stwTotalMs", Math.Round(s.StwTotalMs, 6));
        j.WriteNumber("stwMaxMs", Math.Round(s.StwMaxMs, 6));
        j.WriteNumber("pauseP50Ms", Math.Round(s.PauseP50Ms, 6));
        j.WriteNumber("pauseP99Ms", Math.Round(s.PauseP99Ms, 6));
        j.WriteNumber("cpuPercent", s.CpuPercent);
        j.WriteNumber("spanSeconds", Math.Round(s.SpanSeconds, 6));
        WriteOptional(j, "inferredGogc", s.InferredGogc);
        j.WriteNumber("inferredGogcCycles", s.InferredFromCycles);
        WriteOptional(j, "allocRateMbPerSecond", s.AllocRateMbPerSecond is { } rate ? Math.Round(rate, 3) : null);
        WriteOptional(j, "allocRatePeakMbPerSecond", s.AllocRatePeakMbPerSecond is { } peak ? Math.Round(peak, 3) : null);
        j.WriteNumber("pacedCount", s.PacedCount);
        j.WriteNumber("overshootCount", s.OvershootCount);
        j.WriteStartArray("overshootCycles");
        foreach (var n in s.OvershootCycles)
        {
            j.WriteNumberValue(n);
        }

        j.WriteEndArray();
        j.WriteNumber("missingCycles", s.MissingCycles);
        j.WriteNumber("runs", log.Runs);
        target.WriteObjects("cycles", target.Options.Take(log.Cycles.Select((c, i) => (c, i))), (j, row) =>
        {
            var (c, i) = row;
            j.WriteNumber("n", c.Number);
            j.WriteNumber("run", c.Run + 1);
            j.WriteNumber("line", c.Line);
            j.WriteNumber("startSeconds", c.StartSeconds);
            j.WriteNumber("cpuPercent", c.CpuPercent);
            j.WriteNumber("stwSweepTermMs", c.SweepTermMs);
            j.WriteNumber("markMs", Math.Round(c.MarkMs, 6));
            j.WriteNumber("stwMarkTermMs", c.MarkTermMs);
            j.WriteNumber("assistCpuMs", c.AssistCpuMs);
            j.WriteNumber("backgroundCpuMs", c.BackgroundCpuMs);
            j.WriteNumber("idleCpuMs", c.IdleCpuMs);
            j.WriteNumber("heapStartMb", c.HeapStartMb);
            j.WriteNumber("heapEndMb", c.HeapEndMb);
            j.WriteNumber("heapLiveMb", c.HeapLiveMb);
            j.WriteNumber("goalMb", c.GoalMb);
            WriteOptional(j, "goalLiveRatio", GcTraceSummary.GoalLiveRatio(log.Cycles, i) is { } r ? Math.Round(r, 4) : null);
            WriteOptional(j, "stacksMb", c.Stacks);
            WriteOptional(j, "globalsMb", c.Globals);
            j.WriteNumber("procs", c.Procs);
            j.WriteBoolean("forced", c.Forced);
        });
        j.WriteNumber("skippedLines", log.SkippedLines);
        j.WriteNumber("cutLines", log.CutLineCount);
        j.WriteNumber("initLines", log.InitLines);
        j.WriteNumber("scavengerLines", log.ScavengerLines);
        j.WriteNumber("pacerLines", log.PacerLines);
    }
}
