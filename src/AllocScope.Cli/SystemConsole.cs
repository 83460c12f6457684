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

    /// <summary>
    /// On Ctrl-C, cancels <paramref name="source"/> instead of killing the process, so services stop their children and
    /// mark partial outputs; a reader that does not stop within two seconds, or a second Ctrl-C, ends the process (130).
    /// </summary>
    public static void CancelOnInterrupt(CancellationTokenSource source) =>
        Console.CancelKeyPress += (_, e) =>
        {
            if (source.IsCancellationRequested)
            {
                Console.Error.WriteLine("allocscope: interrupted");
                Environment.Exit(130);
            }

            e.Cancel = true;
            source.Cancel();
            _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ =>
            {
                Console.Error.WriteLine("allocscope: interrupted");
                Environment.Exit(130);
            }, TaskScheduler.Default);
        };
}
