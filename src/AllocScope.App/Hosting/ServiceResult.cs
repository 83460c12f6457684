
namespace AllocScope.App.Hosting;

/// <summary>What a service returns: the process exit code and the report it rendered (null when it rendered none).</summary>
public sealed record ServiceResult(ExitCode Code, ReportDocument? Report = null)
{
    public static ServiceResult Success(ReportDocument report) => new(ExitCode.Success, report);
}
