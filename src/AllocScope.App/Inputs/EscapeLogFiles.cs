using AllocScope.EscapeLog;

namespace AllocScope.App.Inputs;

/// <summary>Reads escape logs (text or -json=0) for the services, several as one, with progress on large files.</summary>
public static class EscapeLogFiles
{
    /// <summary>The logs as one, or null when none is given.</summary>
    public static CompilerLog? ReadAll(IReadOnlyList<string> paths, string? packageDirectory, ServiceContext context) =>
        paths.Count == 0 ? null : CompilerLog.Combine([.. paths.Select(p => EscapeLogReader.Read(p, packageDirectory, context.Progress.ForFile(p)))]);
}
