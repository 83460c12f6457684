using AllocScope.Report;

namespace AllocScope.Output;

/// <summary>Renders a report's sections in one format; knows nothing of how the report was made.</summary>
public interface IReportWriter
{
    void Write(ReportDocument report, TextWriter output, RenderOptions options);
}

/// <summary>The output formats of every command.</summary>
public enum ReportFormat
{
    Text,
    Json,
    Markdown,

    /// <summary>Folded stacks ("root;...;leaf value" lines); only stack sections have a folded form.</summary>
    Folded,

    /// <summary>A Graphviz graph; only call-tree sections (`tree`) have a dot form.</summary>
    Dot,
}

public static class ReportFormats
{
    /// <summary>The format's name as the command line takes it.</summary>
    public static string Id(this ReportFormat format) => format.ToString().ToLowerInvariant();

    public static ReportFormat? Parse(string name) =>
        Enum.GetValues<ReportFormat>().Cast<ReportFormat?>().FirstOrDefault(f => f!.Value.Id() == name);

    public static IReportWriter Writer(this ReportFormat format) => format switch
    {
        ReportFormat.Json => new JsonReportWriter(),
        ReportFormat.Markdown => new MarkdownReportWriter(),
        ReportFormat.Folded => new FoldedReportWriter(),
        ReportFormat.Dot => new DotReportWriter(),
        _ => new TextReportWriter(),
    };
}
