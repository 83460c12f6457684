using System.CommandLine;
using AllocScope.EscapeLog;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope escape LOG...` and `allocscope escape diff OLD NEW`: why values are on the heap, from the compiler's log.</summary>
public static class EscapeCommand
{
    public static Command Create()
    {
        var logs = new Argument<string[]>("LOG")
        {
            Description = "Compiler output of go build -gcflags=-m=2 (or -m), or a -gcflags=-json=0,DIR directory or file",
            Arity = ArgumentArity.OneOrMore,
        };
        var by = new Option<string>("--by") { Description = "Total the decisions by reason, kind, package, file or function", DefaultValueFactory = _ => "reason" };
        by.AcceptOnlyFromAmong("reason", "kind", "package", "file", "function");
        var heapOnly = new Option<bool>("--heap-only") { Description = "Only the decisions that put something on the heap" };
        var format = FormatOption();
        var directory = DirectoryOption();
        var command = new Command("escape", "Explain why values are on the heap, from the compiler's escape analysis log (-gcflags=-m=2 or -json=0)")
        {
            logs, by, heapOnly, format, directory, CreateDiff(),
        };
        command.SetAction(parseResult =>
        {
            var log = ReadAll(parseResult.GetValue(logs)!, parseResult.GetValue(directory), parseResult.InvocationConfiguration.Error);
            if (parseResult.GetValue(format) == "json")
            {
                EscapeReport.WriteJson(parseResult.InvocationConfiguration.Output, log, parseResult.GetValue(heapOnly));
            }
            else
            {
                EscapeReport.WriteText(parseResult.InvocationConfiguration.Output, log, Enum.Parse<EscapeGrouping>(parseResult.GetValue(by)!, ignoreCase: true), parseResult.GetValue(heapOnly));
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command CreateDiff()
    {
        var oldLog = new Argument<string>("OLD") { Description = "The escape log before (a commit, a Go version)" };
        var newLog = new Argument<string>("NEW") { Description = "The escape log after" };
        var format = FormatOption();
        var directory = DirectoryOption();
        var command = new Command("diff", "Heap decisions that are new, gone or have a different reason between two logs (matched by package, function, expression and kind, not line)")
        {
            oldLog, newLog, format, directory,
        };
        command.SetAction(parseResult =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            var before = ReadAll([parseResult.GetValue(oldLog)!], parseResult.GetValue(directory), error);
            var after = ReadAll([parseResult.GetValue(newLog)!], parseResult.GetValue(directory), error);
            var differences = EscapeDiff.Compare(before, after);
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(format) == "json")
            {
                using var stdout = new MemoryStream();
                EscapeReport.WriteDiffJson(stdout, differences);
                output.WriteLine(System.Text.Encoding.UTF8.GetString(stdout.ToArray()));
            }
            else
            {
                EscapeReport.WriteDiffText(output, before.Source, after.Source, differences);
            }

            // Reporting is not gating: the gate command decides what a difference means.
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }

    private static Option<string?> DirectoryOption() => new("--dir")
    {
        Description = "The directory go ran in, to resolve relative paths like ./x.go (default: none)",
    };

    // Only for large files and only on the process's own stderr when it is a terminal (not in tests or pipes).
    private static TerminalProgress? ProgressFor(string path, TextWriter error)
    {
        var info = new FileInfo(path);
        return ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && info.Exists && info.Length > TerminalProgress.Threshold
            ? new TerminalProgress(error)
            : null;
    }

    private static AllocScope.EscapeLog.EscapeLog ReadAll(string[] paths, string? directory, TextWriter error)
    {
        var logs = paths.Select(p => EscapeLogReader.Read(p, directory, ProgressFor(p, error))).ToList();
        return AllocScope.EscapeLog.EscapeLog.Combine(logs);
    }
}
