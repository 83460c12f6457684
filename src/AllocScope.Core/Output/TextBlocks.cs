using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>What the text formats write into: the output and how much of it to render.</summary>
public sealed record TextTarget(TextWriter Out, RenderOptions Options);

/// <summary>Small pieces the text and markdown writers build their sections from.</summary>
internal static class TextBlocks
{
    /// <summary>Renders every section of a report into <paramref name="target"/>, in order.</summary>
    public static void Walk<TTarget>(ReportDocument report, ISectionWriter<TTarget> writer, TTarget target)
    {
        foreach (var section in report.Sections)
        {
            section.WriteTo(writer, target);
        }
    }

    /// <summary>One line per item.</summary>
    public static void WriteLines<T>(this TextWriter w, IEnumerable<T> items, Func<T, string> line)
    {
        foreach (var item in items)
        {
            w.WriteLine(line(item));
        }
    }

    /// <summary>Each item as a line followed by its own detail lines (a decision and its flow).</summary>
    public static void WriteNested<T, TDetail>(this TextWriter w, IEnumerable<T> items, Func<T, string> line, Func<T, IEnumerable<TDetail>> details, Func<TDetail, string> detail)
    {
        foreach (var item in items)
        {
            w.WriteLine(line(item));
            w.WriteLines(details(item), detail);
        }
    }

    /// <summary>A blank line, then a heading line: how the text writer starts a block.</summary>
    public static void WriteBlockHeading(this TextWriter w, string heading)
    {
        w.WriteLine();
        w.WriteLine(heading);
    }

    /// <summary>A markdown table: the header cells, their alignment row (`---` or `---:` per column), one row per item.</summary>
    public static void WriteTable<T>(this TextWriter w, string header, string alignment, IEnumerable<T> rows, Func<T, string> row)
    {
        w.WriteLine($"| {header} |");
        w.WriteLine($"|{alignment}|");
        w.WriteLines(rows, r => $"| {row(r)} |");
    }
}
