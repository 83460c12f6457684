using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope trace FILE`: GC cycles, pauses, heap and mark assists from a Go execution trace.</summary>
public static class TraceCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A runtime/trace execution trace (go test -trace, trace.Start; Go 1.5 and later: the v1 format to Go 1.21, v2 from Go 1.22), or - for standard input" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var limit = CommonOptions.Limit(0, "GC cycles and assisting functions");
        var timeline = new Option<string?>("--timeline") { Description = "Also write the heap over time to this CSV file (time_ns, heap_alloc_bytes, heap_goal_bytes)" };
        var command = new Command("trace", "When allocation hurts: GC cycles, stop-the-world pauses, heap over time and who assisted the GC, from an execution trace")
        {
            file, format, limit, timeline,
        };
        command.SetAction(parse => CommonOptions.Exit(new TraceService().Run(
            new TraceOptions(parse.GetValue(file)!, CommonOptions.FormatOf(parse, format), parse.GetValue(limit), parse.GetValue(timeline)), context.For(parse))));
        return command;
    }
}
