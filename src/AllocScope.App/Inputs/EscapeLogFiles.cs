using AllocScope.EscapeLog;

namespace AllocScope.App.Inputs;

/// <summary>Reads escape logs (text, -json=0, or `-`) for the services, several as one, within the run's limits.</summary>
public static class EscapeLogFiles
{
    /// <summary>The logs as one, or null when none is given.</summary>
    public static CompilerLog? ReadAll(IReadOnlyList<string> paths, string? packageDirectory, ServiceContext context) =>
        paths.Count == 0 ? null : CompilerLog.Combine([.. paths.Select(p => EscapeLogReader.Read(p, packageDirectory, context.Progress.ForFile(p), context.Limits, context.StandardInput))]);
}
