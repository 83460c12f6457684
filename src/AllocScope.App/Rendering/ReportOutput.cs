using System.Text;

namespace AllocScope.App.Rendering;

/// <summary>Renders reports to the console or to files in the artifact folder.</summary>
public static class ReportOutput
{
    public static void Render(ReportDocument report, ReportFormat format, TextWriter output, int limit) =>
        format.Writer().Write(report, output, new RenderOptions(limit));

    /// <summary>Writes the whole report (no limit) to a file, UTF-8 without BOM.</summary>
    public static void WriteFile(ReportDocument report, ReportFormat format, string path)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        format.Writer().Write(report, writer, RenderOptions.All);
    }
}
