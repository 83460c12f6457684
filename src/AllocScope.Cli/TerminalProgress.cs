using System.Globalization;
using AllocScope.Inputs;

namespace AllocScope.Cli;

/// <summary>Shows <see cref="ReadProgress"/> on one rewritten stderr line, only when stderr is a terminal.</summary>
public sealed class TerminalProgress(TextWriter error) : IProgress<ReadProgress>, IDisposable
{
    private bool _shown;

    /// <summary>A reporter for the process's own stderr when it is a terminal; null otherwise (pipes, tests, CI logs).</summary>
    public static TerminalProgress? ForStandardError(TextWriter error) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new TerminalProgress(error) : null;

    public void Report(ReadProgress value)
    {
        var megabytes = (value.BytesRead >> 20).ToString(CultureInfo.InvariantCulture);
        var text = value.Fraction is { } fraction
            ? $"\rreading {value.File}: {fraction:P0} ({megabytes} of {(value.TotalBytes!.Value >> 20).ToString(CultureInfo.InvariantCulture)} MB)"
            : $"\rreading {value.File}: {megabytes} MB";
        error.Write(text);
        _shown = true;
    }

    /// <summary>Clears the progress line.</summary>
    public void Dispose()
    {
        if (_shown)
        {
            error.Write("\r\u001b[K");
            _shown = false;
        }
    }
}
