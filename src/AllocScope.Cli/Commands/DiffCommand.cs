using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope diff BASE NEW`: per function, line or allocation site, base, new and delta, appeared and vanished marked.</summary>
public static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var baseFile = new Argument<string>("base") { Description = "Before: a profile, or a site report (an analyze folder or its sites.json)" };
        var newFile = new Argument<string>("new") { Description = "After: a profile, or a site report" };
        var by = new Option<string>("--by")
        {
            Description = "Compare per function, line, or allocation site (site ids: moved lines are not changes; the default for site reports)",
            DefaultValueFactory = _ => "function",
        }.AcceptOnlyFromAmong("function", "line", "site");
        var source = CommonOptions.Source(description: "With --by site: the source of NEW");
        var baseSource = CommonOptions.Source("--base-source", "With --by site: the source of BASE (default: --source)");
        var escape = CommonOptions.EscapeLogs(description: "With --by site: the escape log(s) of NEW");
        var baseEscape = CommonOptions.EscapeLogs("--base-escape", "With --by site: the escape log(s) of BASE (default: --escape)");
        var module = CommonOptions.Module();
        var limit = CommonOptions.Limit(0);
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var query = new ProfileQueryOptions();
        var command = new Command("diff", "What changed between two profiles or site reports, per function, line or site")
        {
            baseFile, newFile, by, source, baseSource, escape, baseEscape, module, limit, format,
        };
        query.AddTo(command);
        command.SetAction(parse => CommonOptions.Exit(new DiffService().Run(new DiffOptions(
            new DiffSide(parse.GetValue(baseFile)!, parse.GetValue(baseSource), parse.GetValue(baseEscape)),
            new DiffSide(parse.GetValue(newFile)!, parse.GetValue(source), parse.GetValue(escape)),
            query.Bind(parse))
        {
            By = Enum.Parse<DiffGranularity>(parse.GetValue(by)!, ignoreCase: true),
            Module = parse.GetValue(module),
            Limit = parse.GetValue(limit),
            Format = CommonOptions.FormatOf(parse, format),
        }, context.For(parse))));
        return command;
    }
}
