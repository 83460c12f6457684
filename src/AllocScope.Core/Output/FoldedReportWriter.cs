using System.Globalization;
using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>
/// Folded stacks (Brendan Gregg's format, the input of flame graphs): "root;...;leaf value" lines, sorted, zero-valued
/// stacks left out. Only stack sections have a folded form; other sections are not written.
/// </summary>
public sealed class FoldedReportWriter : IReportWriter
{
    public void Write(ReportDocument report, TextWriter output, RenderOptions options)
    {
        foreach (var section in report.Sections.OfType<StacksSection>())
        {
            WriteStacks(output, section);
        }
    }

    public static void WriteStacks(TextWriter w, StacksSection section)
    {
        var lines = new List<string>();
        foreach (var (frames, value) in section.Stacks)
        {
            if (value == 0)
            {
                continue;
            }

            var names = frames.Select(f => f.DisplayName(section.By).Replace(';', ':'));
            lines.Add(string.Join(';', names) + " " + value.ToString(CultureInfo.InvariantCulture));
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            w.WriteLine(line);
        }
    }
}
