namespace AllocScope.App.Hosting;

/// <summary>
/// Where a service writes: the report to <see cref="Out"/>, warnings and progress to <see cref="Error"/>. The command
/// line passes the process console; tests pass <see cref="TextConsole"/> and read what was written.
/// </summary>
public interface IConsole
{
    TextWriter Out { get; }

    TextWriter Error { get; }

    /// <summary>True when a person watches <see cref="Error"/> (a terminal): only then is progress shown.</summary>
    bool IsInteractive { get; }
}

/// <summary>A console over two writers, never interactive (tests, files).</summary>
public sealed class TextConsole(TextWriter output, TextWriter error) : IConsole
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool IsInteractive => false;
}
