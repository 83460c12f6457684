
namespace AllocScope.App.Services;

/// <summary>Options of `allocscope report`.</summary>
public sealed record SiteReportOptions(SiteInputs Inputs, int Limit = 20, ReportFormat Format = ReportFormat.Text);

/// <summary>Where, what kind, why and what to change, from files only: heap profiles joined with escape logs and source.</summary>
public sealed class SiteReportService
{
    public ServiceResult Run(SiteReportOptions options, ServiceContext context)
    {
        var report = SiteReports.Build(options.Inputs.Analyze(context));
        ReportOutput.Render(report, options.Format, context.Console.Out, options.Limit);
        return ServiceResult.Success(report);
    }
}
