using AllocScope.GcTrace;
using AllocScope.Inputs;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope gctrace`.</summary>
public sealed record GcTraceOptions(string Log, ReportFormat Format = ReportFormat.Text, int Limit = 0);

/// <summary>What the runtime's GC did, from its `GODEBUG=gctrace=1` lines: pauses, heap, pacer, cycle by cycle.</summary>
public sealed class GcTraceService
{
    public ServiceResult Run(GcTraceOptions options, ServiceContext context)
    {
        GcTraceLog log;
        using (var input = InputFile.Open(options.Log, context.Limits, context.Progress.ForFile(options.Log), context.StandardInput))
        {
            log = GcTraceReader.Read(input);
        }

        var report = new ReportDocument([new GcTraceSection(log, GcTraceSummary.Of(log))]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }
}
