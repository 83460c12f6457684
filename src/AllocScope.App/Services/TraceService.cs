using System.Globalization;
using System.Text;
using AllocScope.Inputs;
using AllocScope.Trace;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope trace`.</summary>
public sealed record TraceOptions(string File, ReportFormat Format = ReportFormat.Text, int Limit = 0, string? Timeline = null);

/// <summary>When allocation hurts: GC cycles, pauses, heap over time and mark assists from a Go execution trace.</summary>
public sealed class TraceService
{
    public ServiceResult Run(TraceOptions options, ServiceContext context)
    {
        TraceSummary summary;
        using (var input = InputFile.Open(options.File, context.Limits, context.Progress.ForFile(options.File), context.StandardInput))
        {
            summary = options.Timeline is { } timeline ? SummarizeWithTimeline(input, timeline) : TraceFile.Summarize(input);
        }

        var report = new ReportDocument([new TraceSection(options.File, summary)]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }

    /// <summary>
    /// Summarizes while writing the heap over time as CSV (time in ns since the first event, heap live and goal in
    /// bytes) point by point, so no timeline is held; the file appears only when the whole trace was read.
    /// </summary>
    private static TraceSummary SummarizeWithTimeline(InputFile input, string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            TraceSummary summary;
            using (var writer = Writable(temporary, path))
            {
                writer.WriteLine("time_ns,heap_alloc_bytes,heap_goal_bytes");
                summary = TraceFile.Summarize(input, p => writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Ns},{p.HeapAlloc},{p.HeapGoal}")));
            }

            try
            {
                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--timeline {path}: cannot write it: {e.Message}");
            }

            return summary;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static StreamWriter Writable(string temporary, string path)
    {
        try
        {
            return new StreamWriter(temporary, false, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--timeline {path}: cannot write it: {e.Message}");
        }
    }
}
