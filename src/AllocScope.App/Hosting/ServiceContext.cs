namespace AllocScope.App.Hosting;

/// <summary>What every service runs with: the console it writes to, its progress sink and the run's cancellation.</summary>
public sealed class ServiceContext(IConsole console, IProgressSink? progress = null, CancellationToken cancellation = default)
{
    public IConsole Console { get; } = console;

    public IProgressSink Progress { get; } = progress ?? new ConsoleProgress(console);

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>A context over a non-interactive console of two writers (tests).</summary>
    public static ServiceContext For(TextWriter output, TextWriter error) => new(new TextConsole(output, error));
}
