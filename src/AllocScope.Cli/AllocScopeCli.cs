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
            TopCommand.Create(context),
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
        if (parseResult.Errors.Count > 0 && parseResult.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                console.Error.WriteLine($"allocscope: {parseError.Message}");
            }

            console.Error.WriteLine("Run 'allocscope --help' for usage.");
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
}
