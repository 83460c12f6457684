using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;
using AllocScope.Pprof;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope top FILE...`: flat and cum per function or line of one or more merged profiles.</summary>
public static class TopCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Profiles: profile.proto (gzipped or not), legacy text heap, legacy CPU", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string>("--by") { Description = "One row per function or per line", DefaultValueFactory = _ => "function" }.AcceptOnlyFromAmong("function", "line");
        var limit = CommonOptions.Limit(0);
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown, ReportFormat.Folded);
        var query = new ProfileQueryOptions();
        var command = new Command("top", "Where and how much: flat and cum per function or line, like go tool pprof -top") { files, by, limit, format };
        query.AddTo(command);
        command.SetAction(parse => CommonOptions.Exit(new TopService().Run(new TopOptions(
            parse.GetValue(files)!,
            query.Bind(parse) with { By = parse.GetValue(by) == "line" ? TopGranularity.Line : TopGranularity.Function },
            parse.GetValue(limit),
            CommonOptions.FormatOf(parse, format)), context.For(parse))));
        return command;
    }
}
