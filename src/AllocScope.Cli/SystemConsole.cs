using AllocScope.App.Hosting;

namespace AllocScope.Cli;

/// <summary>The process console: the one place that touches <see cref="Console"/>.</summary>
public sealed class SystemConsole : IConsole
{
    public static SystemConsole Instance { get; } = new();

    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public bool IsInteractive => !Console.IsErrorRedirected;

    public Stream OpenStandardInput() => Console.OpenStandardInput();

    /// <summary>Cancels <paramref name="source"/> on Ctrl-C instead of killing the process, so services can stop their children.</summary>
    public static void CancelOnInterrupt(CancellationTokenSource source) =>
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            source.Cancel();
        };
}
