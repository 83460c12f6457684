using AllocScope.Inputs;

namespace AllocScope.App.Hosting;

/// <summary>What every service runs with: the console it writes to, its progress sink, the run's cancellation and input limits.</summary>
public sealed class ServiceContext(IConsole console, IProgressSink? progress = null, InputLimits? limits = null, CancellationToken cancellation = default)
{
    public IConsole Console { get; } = console;

    public IProgressSink Progress { get; } = progress ?? new ConsoleProgress(console);

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The limits every input of this run is read within (one memory budget for all of them).</summary>
    public InputLimits Limits { get; } = limits ?? new InputLimits();

    /// <summary>Opens standard input for an input named `-`.</summary>
    public Func<Stream> StandardInput => Console.OpenStandardInput;

    /// <summary>A context over a non-interactive console of two writers (tests).</summary>
    public static ServiceContext For(TextWriter output, TextWriter error) => new(new TextConsole(output, error));
}
