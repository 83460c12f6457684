using AllocScope.App.Inputs;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope top`.</summary>
public sealed record TopOptions(IReadOnlyList<string> Files, ProfileQuery Query, int Limit = 0, ReportFormat Format = ReportFormat.Text);

/// <summary>Where and how much: flat and cum per function or line of one or more merged profiles, like `go tool pprof -top`.</summary>
public sealed class TopService
{
    public ServiceResult Run(TopOptions options, ServiceContext context)
    {
        var folded = options.Format == ReportFormat.Folded;
        var top = options.Query.Aggregate(options.Files, context, keepStacks: folded);
        ReportSection section = folded
            ? new StacksSection(top.By, [.. top.Stacks()])
            : new TopTableSection(top.SampleType ?? new Pprof.ValueType("", ""), top.By, top.Total, top.Rows());
        var report = new ReportDocument([section]);
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }
}
