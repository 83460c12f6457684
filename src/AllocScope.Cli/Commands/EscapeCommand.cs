using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;
using AllocScope.Report;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope escape LOG...` and `allocscope escape diff OLD NEW`: why values are on the heap, from the compiler's log.</summary>
public static class EscapeCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Argument<string[]>("LOG")
        {
            Description = "Compiler output of go build -gcflags=-m=2 (or -m), or a -gcflags=-json=0,DIR directory or file",
            Arity = ArgumentArity.OneOrMore,
        };
        var by = new Option<string>("--by") { Description = "Total the decisions by reason, kind, package, file or function", DefaultValueFactory = _ => "reason" }
            .AcceptOnlyFromAmong("reason", "kind", "package", "file", "function");
        var heapOnly = new Option<bool>("--heap-only") { Description = "Only the decisions that put something on the heap" };
        var summary = new Option<bool>("--summary") { Description = "Only the counts and the totals, not each decision (one pass over a log file)" };
        var format = Format();
        var directory = Directory();
        var command = new Command("escape", "Explain why values are on the heap, from the compiler's escape analysis log (-gcflags=-m=2 or -json=0)")
        {
            logs, by, heapOnly, summary, format, directory, CreateDiff(context),
        };
        command.SetAction(parse => CommonOptions.Exit(new EscapeService().Run(new EscapeOptions(
            parse.GetValue(logs)!, Enum.Parse<EscapeGrouping>(parse.GetValue(by)!, ignoreCase: true), parse.GetValue(heapOnly),
            parse.GetValue(directory), CommonOptions.FormatOf(parse, format), parse.GetValue(summary)), context.For(parse))));
        return command;
    }

    private static Command CreateDiff(CliContext context)
    {
        var oldLog = new Argument<string>("OLD") { Description = "The escape log before (a commit, a Go version)" };
        var newLog = new Argument<string>("NEW") { Description = "The escape log after" };
        var format = Format();
        var directory = Directory();
        var command = new Command("diff", "Heap decisions that are new, gone or have a different reason between two logs (matched by package, function, expression and kind, not line)")
        {
            oldLog, newLog, format, directory,
        };
        command.SetAction(parse => CommonOptions.Exit(new EscapeService().Diff(new EscapeDiffOptions(
            parse.GetValue(oldLog)!, parse.GetValue(newLog)!, parse.GetValue(directory), CommonOptions.FormatOf(parse, format)), context.For(parse))));
        return command;
    }

    private static Option<string> Format() => CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);

    private static Option<string?> Directory() => new("--dir")
    {
        Description = "The directory go ran in, to resolve relative paths like ./x.go (default: none)",
    };
}
