using System.CommandLine;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope peek REGEX FILE...`: callers and callees of matching functions, like go tool pprof -peek.</summary>
public static class PeekCommand
{
    public static Command Create(CliContext context)
    {
        var regex = ViewArguments.Functions();
        var files = ViewArguments.Files();
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var query = new ProfileQueryOptions();
        var command = new Command("peek", "Callers and callees of functions matching REGEX with their values and shares, like go tool pprof -peek")
        {
            regex, files, format,
        };
        query.AddTo(command);
        command.SetAction(parse => CommonOptions.Exit(new PeekService().Run(new PeekOptions(
            parse.GetValue(regex)!,
            parse.GetValue(files)!,
            query.Bind(parse),
            CommonOptions.FormatOf(parse, format)), context.For(parse))));
        return command;
    }
}
