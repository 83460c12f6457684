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
            summary = TraceFile.Summarize(input);
        }

        if (options.Timeline is { } timeline)
        {
            WriteTimeline(summary, timeline);
        }

        var report = new ReportDocument([new TraceSection(options.File, summary)]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }

    /// <summary>The heap over time as CSV (time in ns since the first event, heap live and goal in bytes), written atomically.</summary>
    private static void WriteTimeline(TraceSummary summary, string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                writer.WriteLine("time_ns,heap_alloc_bytes,heap_goal_bytes");
                foreach (var p in summary.Timeline)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Ns},{p.HeapAlloc},{p.HeapGoal}"));
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--timeline {path}: cannot write it: {e.Message}");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
