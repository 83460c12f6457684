using AllocScope.GcTrace;
using AllocScope.Inputs;
using AllocScope.Sites;
using AllocScope.Trace;

namespace AllocScope.App.Inputs;

/// <summary>Reads a run's execution trace and/or gctrace lines into what the lifecycle view needs.</summary>
public static class GcRuns
{
    /// <summary>Cycles from the trace when given (it knows forced cycles by their stacks), GOGC from gctrace lines.</summary>
    public static GcRun? Read(string? tracePath, string? gcTracePath, ServiceContext context)
    {
        GcRun? run = null;
        if (gcTracePath is not null)
        {
            using var input = InputFile.Open(gcTracePath, context.Limits, context.Progress.ForFile(gcTracePath), context.StandardInput);
            var summary = GcTraceSummary.Of(GcTraceReader.Read(input));
            run = new GcRun($"gctrace {gcTracePath}", summary.GcCount, summary.ForcedCount, summary.InferredGogc);
        }

        if (tracePath is not null)
        {
            using var input = InputFile.Open(tracePath, context.Limits, context.Progress.ForFile(tracePath), context.StandardInput);
            var summary = TraceFile.Summarize(input);
            run = new GcRun($"trace {tracePath}" + (run is null ? string.Empty : $", GOGC from {run.Source}"), summary.GcCount, summary.ForcedCount, run?.InferredGogc);
        }

        return run;
    }
}
