using System.CommandLine;
using AllocScope.App.Services;
using AllocScope.Output;
using AllocScope.Pprof;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope tree FILE...`: the call graph like go tool pprof -tree, or as Graphviz dot.</summary>
public static class TreeCommand
{
    public static Command Create(CliContext context)
    {
        var files = ViewArguments.Files();
        var defaults = new GraphTrim();
        var nodeCount = new Option<int>("--node-count") { Description = "Keep at most N nodes, by flat (0: all; pprof's -nodecount)", DefaultValueFactory = _ => defaults.NodeCount };
        var nodeFraction = new Option<double>("--node-fraction") { Description = "Leave out nodes whose cum is below this fraction of the total (pprof's -nodefraction)", DefaultValueFactory = _ => defaults.NodeFraction };
        var edgeFraction = new Option<double>("--edge-fraction") { Description = "Leave out edges below this fraction of the total (pprof's -edgefraction)", DefaultValueFactory = _ => defaults.EdgeFraction };
        var limit = CommonOptions.Limit(0, "nodes");
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown, ReportFormat.Dot);
        var query = new ProfileQueryOptions();
        var command = new Command("tree", "The call graph: each node's flat and cum with its callers and callees, like go tool pprof -tree (dot: a Graphviz graph)")
        {
            files, nodeCount, nodeFraction, edgeFraction, limit, format,
        };
        query.AddTo(command);
        command.SetAction(parse => CommonOptions.Exit(new TreeService().Run(new TreeOptions(
            parse.GetValue(files)!,
            query.Bind(parse),
            new GraphTrim(parse.GetValue(nodeCount), parse.GetValue(nodeFraction), parse.GetValue(edgeFraction)),
            parse.GetValue(limit),
            CommonOptions.FormatOf(parse, format)), context.For(parse))));
        return command;
    }
}
