using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace AllocScope.Toolchain;

/// <summary>What to run: a program and its argument vector (each argument passed as is: spaces, quotes, a leading `-`).</summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set (or replaced) in the child's environment.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Text written to the child's standard input, which is then closed; null leaves it unredirected.</summary>
    public string? StandardInput { get; init; }

    /// <summary>The command line as a shell would take it, for messages and COMMANDS.txt.</summary>
    public string Display => string.Join(' ', new[] { Path.GetFileName(FileName) }.Concat(Arguments.Select(ShellQuote)));

    /// <summary>Quotes an argument for a POSIX shell when it needs it.</summary>
    public static string ShellQuote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ',' or ':' or '+' or '@' or '%')
        ? arg
        : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>How a process ended: its exit code and the last lines of its standard error.</summary>
public sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> ErrorTail)
{
    public string Describe(ProcessSpec spec) => ErrorTail.Count == 0
        ? $"{spec.Display} exited with code {ExitCode}"
        : $"{spec.Display} exited with code {ExitCode}; the last lines of its error output:\n{string.Join('\n', ErrorTail)}";
}

/// <summary>The whole output of a short-lived program (versions, `go list`, `go tool addr2line`).</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The one place that starts processes. Output is streamed line by line to the caller (never held whole), a run is
/// bounded by a timeout and cancelled through a token, and a cancelled or timed-out child is killed with all its
/// descendants; children still running when AllocScope exits are killed too.
/// </summary>
public static class ProcessRunner
{
    private const int TailLines = 20;

    private static readonly ConcurrentDictionary<int, Process> s_running = new();

    static ProcessRunner()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    /// <summary>
    /// Runs <paramref name="spec"/> to completion, handing each line of standard output and standard error to the
    /// callbacks as it arrives (one call at a time). Throws <see cref="OperationCanceledException"/> when cancelled and
    /// <see cref="ToolTimeoutException"/> when the timeout passes, after killing the process tree.
    /// </summary>
    public static ProcessOutcome Stream(ProcessSpec spec, Action<string>? onOutput, Action<string>? onError, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(spec.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = spec.StandardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? System.Environment.CurrentDirectory,
        };
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        var gate = new object();
        var tail = new Queue<string>(TailLines);
        process.OutputDataReceived += (_, e) => Deliver(e.Data, onOutput, gate, null);
        process.ErrorDataReceived += (_, e) => Deliver(e.Data, onError, gate, tail);
        process.Start();
        s_running[process.Id] = process;
        try
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (spec.StandardInput is not null)
            {
                process.StandardInput.Write(spec.StandardInput);
                process.StandardInput.Close();
            }

            using (cancellation.Register(() => Kill(process)))
            {
                if (!process.WaitForExit(spec.Timeout))
                {
                    Kill(process);
                    throw new ToolTimeoutException(spec.Display, spec.Timeout);
                }

                // Drains the redirected streams: every line has been delivered when this returns.
                process.WaitForExit();
            }

            cancellation.ThrowIfCancellationRequested();
            lock (gate)
            {
                return new ProcessOutcome(process.ExitCode, [.. tail]);
            }
        }
        finally
        {
            s_running.TryRemove(process.Id, out _);
        }
    }

    /// <summary>Runs a short-lived program and returns all it printed.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? standardInput = null, CancellationToken cancellation = default)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var spec = new ProcessSpec(fileName, [.. arguments])
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            Timeout = timeout ?? TimeSpan.FromMinutes(30),
            StandardInput = standardInput,
        };
        var outcome = Stream(spec, line => stdout.Append(line).Append('\n'), line => stderr.Append(line).Append('\n'), cancellation);
        return new ProcessResult(outcome.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Kills every child still running (on exit, or an interrupt the caller does not otherwise handle).</summary>
    public static void KillAll()
    {
        foreach (var process in s_running.Values)
        {
            Kill(process);
        }
    }

    private static void Deliver(string? line, Action<string>? to, object gate, Queue<string>? tail)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (tail is not null)
            {
                if (tail.Count == TailLines)
                {
                    tail.Dequeue();
                }

                tail.Enqueue(line);
            }

            to?.Invoke(line);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Exiting while we kill it.
        }
    }
}

/// <summary>An external program did not finish in time; it and its children were killed.</summary>
public sealed class ToolTimeoutException(string command, TimeSpan timeout)
    : Exception($"{command} did not finish within {timeout.TotalMinutes:0.#} minutes and was stopped");
