using AllocScope.App.Hosting;

namespace AllocScope.Cli;

/// <summary>The process console: the one place that touches <see cref="Console"/>.</summary>
public sealed class SystemConsole : IConsole
{
    public static SystemConsole Instance { get; } = new();

    // Console.Out flushes every line: one write(2) per line made a 120 MB report spend more time in the kernel
    // than in the reader. Reports go out through a 64 KiB buffer, flushed when the command ends.
    private readonly Lazy<StreamWriter> _out = new(() =>
        new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false });

    public TextWriter Out => _out.Value;

    /// <summary>Writes out what is buffered for standard output (at the end of a command, and before exiting early).</summary>
    public void Flush()
    {
        if (_out.IsValueCreated)
        {
            try
            {
                _out.Value.Flush();
            }
            catch (IOException)
            {
                // The reader of a pipe went away (`allocscope escape LOG | head`): nothing left to tell it.
            }
        }
    }

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
                Instance.Flush();
                Console.Error.WriteLine("allocscope: interrupted");
                Environment.Exit(130);
            }

            e.Cancel = true;
            source.Cancel();
            _ = Task.Delay(TimeSpan.FromSeconds(2)).ContinueWith(_ =>
            {
                Instance.Flush();
                Console.Error.WriteLine("allocscope: interrupted");
                Environment.Exit(130);
            }, TaskScheduler.Default);
        };
}
