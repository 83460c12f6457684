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

    /// <summary>Standard input, for inputs named `-`.</summary>
    Stream OpenStandardInput();
}

/// <summary>A console over two writers (and an optional standard input), never interactive (tests, files).</summary>
public sealed class TextConsole(TextWriter output, TextWriter error, Stream? input = null) : IConsole
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool IsInteractive => false;

    public Stream OpenStandardInput() => input ?? Stream.Null;
}
