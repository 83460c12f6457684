using AllocScope.GoSource;

namespace AllocScope.EscapeLog;

/// <summary>The compiler's `file:line:col` positions.</summary>
public static class SourcePosition
{
    /// <summary>`file:line:col` as Go prints it (no column when 0, no line when the file is `&lt;unknown line number&gt;`).</summary>
    public static string Format(string file, int line, int column) =>
        line <= 0 ? file : column <= 0 ? $"{file}:{line}" : $"{file}:{line}:{column}";

    /// <summary>
    /// How well a log's file (as printed, and resolved when known) names <paramref name="query"/>: the number of
    /// trailing path components they share, or 0 when the printed relative path is not a suffix of the query.
    /// </summary>
    public static int MatchScore(string printed, string? fullPath, string query)
    {
        var relative = !Path.IsPathRooted(printed) && !printed.StartsWith('<');
        if (relative && !SourcePaths.SameFile(printed, query))
        {
            return 0;
        }

        var score = SourcePaths.CommonTrailingComponents(printed, query);
        if (fullPath is not null)
        {
            score = Math.Max(score, SourcePaths.CommonTrailingComponents(fullPath, query));
        }

        return score;
    }
}
