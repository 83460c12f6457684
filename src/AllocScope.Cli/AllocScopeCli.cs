using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.Cli.Commands;

namespace AllocScope.Cli;

/// <summary>Builds the command tree and turns every failure into one line on stderr and an <see cref="ExitCode"/>.</summary>
public static class AllocScopeCli
{
    public static readonly Option<bool> DebugOption = new("--debug")
    {
        Description = "Show the stack trace of an error",
        Recursive = true,
    };

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("AllocScope: find, explain and fix the heap allocations of Go programs")
        {
            DoctorCommand.Create(context),
            DemoCommand.Create(context),
            EscapeCommand.Create(context),
            GcTraceCommand.Create(context),
            TopCommand.Create(context),
            ListCommand.Create(context),
            PeekCommand.Create(context),
            TreeCommand.Create(context),
            TraceCommand.Create(context),
            DiffCommand.Create(context),
            ReportCommand.Create(context),
            AnalyzeCommand.Create(context),
        };
        root.Options.Add(DebugOption);
        context.AddTo(root);
        return root;
    }

    /// <summary>Runs the command line against writers (tests); never interactive.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, new TextConsole(output, error), CancellationToken.None);

    public static int Run(string[] args, IConsole console, CancellationToken cancellation)
    {
        var parseResult = BuildRoot(new CliContext(console, cancellation)).Parse(args);
        var errors = parseResult.Action is System.CommandLine.Invocation.ParseErrorAction
            ? parseResult.Errors.Select(e => e.Message).ToList()
            : [];
        errors.AddRange(UnknownOptions(parseResult));
        if (errors.Count > 0)
        {
            foreach (var message in errors.Distinct())
            {
                console.Error.WriteLine($"allocscope: {message}");
            }

            console.Error.WriteLine($"Run 'allocscope {HelpTarget(parseResult)}--help' for usage.");
            return (int)ExitCode.UsageError;
        }

        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = console.Out, Error = console.Error };
        try
        {
            return parseResult.Invoke(config);
        }
        catch (Exception e)
        {
            var (code, message) = Failures.Describe(e);
            console.Error.WriteLine($"allocscope: {message}");
            if (args.Contains("--debug"))
            {
                console.Error.WriteLine(e.ToString());
            }

            return (int)code;
        }
    }

    /// <summary>
    /// A token like `--bogus` that reached a positional argument (a FILE...) is an unknown option, not a file name
    /// (`-` alone is standard input; `./-odd` names a file that starts with a dash).
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parse)
    {
        foreach (var argument in parse.CommandResult.Command.Arguments)
        {
            foreach (var token in parse.GetResult(argument)?.Tokens ?? [])
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    yield return $"{token.Value}: unknown option of '{parse.CommandResult.Command.Name}' (a file whose name starts with '-' is written ./{token.Value})";
                }
            }
        }
    }

    private static string HelpTarget(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
