using AllocScope.App.Inputs;
using AllocScope.Pprof;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope tree`.</summary>
public sealed record TreeOptions(IReadOnlyList<string> Files, ProfileQuery Query, GraphTrim Trim, int Limit = 0, ReportFormat Format = ReportFormat.Text);

/// <summary>The call graph as `go tool pprof -tree` prints it (text), or as Graphviz dot.</summary>
public sealed class TreeService
{
    public ServiceResult Run(TreeOptions options, ServiceContext context)
    {
        if (options.Trim.NodeCount < 0 || options.Trim.NodeFraction is < 0 or > 1 || options.Trim.EdgeFraction is < 0 or > 1)
        {
            throw new UsageException("--node-count must be 0 or more, --node-fraction and --edge-fraction between 0 and 1");
        }

        var stacks = (options.Query with { By = TopGranularity.Function }).Stacks(options.Files, context);
        var tree = CallTree.Build(stacks, options.Trim);
        var report = new ReportDocument([new CallTreeSection(stacks.SampleType!, stacks.Total, tree)]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }
}
