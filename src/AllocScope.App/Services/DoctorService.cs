using AllocScope.Toolchain;

namespace AllocScope.App.Services;

/// <summary>Which external programs are installed and what each enables.</summary>
public sealed class DoctorService
{
    public ServiceResult Run(ReportFormat format, ServiceContext context)
    {
        var tools = ToolInventory.Inspect().Select(t => new ExternalTool(t.Name, t.Path, t.Version, t.Enables, t.InstallHint)).ToList();
        var report = new ReportDocument([new ToolsSection(tools)]);
        ReportOutput.Render(report, format, context.Console.Out, 0);
        return ServiceResult.Success(report);
    }
}
