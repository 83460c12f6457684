using AllocScope.Inputs;

namespace AllocScope.App.Hosting;

/// <summary>Where a service says what it is doing: steps of a long job, and byte progress of large input files.</summary>
public interface IProgressSink
{
    /// <summary>A step of a long job ("go build -gcflags=-m=2 (escape analysis)").</summary>
    void Step(string message);

    /// <summary>A reporter for reading <paramref name="path"/>, or null when its progress is not worth showing.</summary>
    IProgressReporter? ForFile(string path);
}

/// <summary>Shows progress on an interactive console only: steps as lines, large files as a percentage line.</summary>
public sealed class ConsoleProgress(IConsole console) : IProgressSink
{
    public void Step(string message)
    {
        if (console.IsInteractive)
        {
            console.Error.WriteLine($"allocscope: {message}");
        }
    }

    public IProgressReporter? ForFile(string path)
    {
        if (!console.IsInteractive || path == "-")
        {
            return null;
        }

        var info = new FileInfo(path);
        return info.Exists && info.Length > TerminalProgress.Threshold ? new TerminalProgress(console.Error) : null;
    }
}

/// <summary>Shows "reading FILE: 42%" on the terminal's stderr line, overwritten in place, for inputs over 50 MB.</summary>
public sealed class TerminalProgress(TextWriter error) : IProgressReporter
{
    public const long Threshold = 50L * 1000 * 1000;

    private int _lastPercent = -1;

    public void Report(string file, long bytesRead, long totalBytes)
    {
        var percent = totalBytes > 0 ? (int)(100 * bytesRead / totalBytes) : 0;
        if (percent != _lastPercent)
        {
            _lastPercent = percent;
            error.Write($"\rreading {file}: {percent}%");
        }
    }

    public void Done(string file)
    {
        if (_lastPercent >= 0)
        {
            error.Write("\r\u001b[K");
            _lastPercent = -1;
        }
    }
}
