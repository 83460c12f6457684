using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope doctor`: which external programs are installed and what each enables.</summary>
public static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var command = new Command("doctor", "Report the Go toolchain, bpftrace and chromium found on this machine and what each enables") { format };
        command.SetAction(parse => CommonOptions.Exit(new DoctorService().Run(CommonOptions.FormatOf(parse, format), context.For(parse))));
        return command;
    }
}
