using System.CommandLine;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope gctrace LOG`: the GC's cycles, pauses and pacer from GODEBUG=gctrace=1 output.</summary>
public static class GcTraceCommand
{
    public static Command Create(CliContext context)
    {
        var log = new Argument<string>("LOG") { Description = "Standard error of a program run with GODEBUG=gctrace=1 (its own output may be mixed in), or - for standard input" };
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var limit = CommonOptions.Limit(0, "cycles");
        var command = new Command("gctrace", "What the garbage collector did, from GODEBUG=gctrace=1 output: pauses, heap before/after/live, goal and the inferred GOGC, cycle by cycle")
        {
            log, format, limit,
        };
        command.SetAction(parse => CommonOptions.Exit(new GcTraceService().Run(new GcTraceOptions(
            parse.GetValue(log)!, CommonOptions.FormatOf(parse, format), parse.GetValue(limit)), context.For(parse))));
        return command;
    }
}
