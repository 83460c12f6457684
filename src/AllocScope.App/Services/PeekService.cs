using AllocScope.App.Inputs;
using AllocScope.Pprof;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope peek`.</summary>
public sealed record PeekOptions(string Functions, IReadOnlyList<string> Files, ProfileQuery Query, ReportFormat Format = ReportFormat.Text);

/// <summary>Callers and callees of the functions matching a regular expression, with the numbers of `go tool pprof -peek`.</summary>
public sealed class PeekService
{
    public ServiceResult Run(PeekOptions options, ServiceContext context)
    {
        var functions = ProfileQuery.Compile(options.Functions, "REGEX") ?? new(".");
        var stacks = (options.Query with { By = TopGranularity.Function }).Stacks(options.Files, context);

        // pprof's -peek builds the whole graph (no trimming) and prints the nodes whose name matches.
        var nodes = CallGraph.Build(stacks).Nodes.Where(n => functions.IsMatch(n.Name)).ToList();
        if (nodes.Count == 0)
        {
            throw new UsageException($"no matches found for regexp: {options.Functions} (no function of the profile matches it)");
        }

        var report = new ReportDocument([new PeekSection(stacks.SampleType!, stacks.Total, nodes)]);
        ReportOutput.Render(report, options.Format, context.Console.Out, 0);
        return ServiceResult.Success(report);
    }
}
