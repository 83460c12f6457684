using System.Text;

namespace AllocScope.App.Rendering;

/// <summary>Renders reports to the console or to files in the artifact folder.</summary>
public static class ReportOutput
{
    public static void Render(ReportDocument report, ReportFormat format, TextWriter output, int limit) =>
        format.Writer().Write(report, output, new RenderOptions(limit));

    /// <summary>
    /// Writes the whole report (no limit) to a file, UTF-8 without BOM, atomically: into a temporary file beside it,
    /// renamed over the target when complete, so an interrupted run never leaves a truncated report.
    /// </summary>
    public static void WriteFile(ReportDocument report, ReportFormat format, string path)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                format.Writer().Write(report, writer, RenderOptions.All);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
