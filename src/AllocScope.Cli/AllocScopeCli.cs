using System.CommandLine;
using AllocScope.Cli.Commands;
using AllocScope.Inputs;
using AllocScope.Toolchain;

namespace AllocScope.Cli;

/// <summary>Builds the command tree and turns every failure into one line on stderr and an <see cref="ExitCode"/>.</summary>
public static class AllocScopeCli
{
    public static readonly Option<bool> DebugOption = new("--debug")
    {
        Description = "Show the stack trace of an error",
        Recursive = true,
    };

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("AllocScope: find, explain and fix the heap allocations of Go programs")
        {
            DoctorCommand.Create(),
            DemoCommand.Create(),
            TopCommand.Create(),
            DiffCommand.Create(),
            ReportCommand.Create(),
            AnalyzeCommand.Create(),
        };
        root.Options.Add(DebugOption);
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var parseResult = root.Parse(args);
        var debug = args.Contains("--debug");
        if (parseResult.Errors.Count > 0 && parseResult.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine($"allocscope: {parseError.Message}");
            }

            error.WriteLine("Run 'allocscope --help' for usage.");
            return (int)ExitCode.UsageError;
        }

        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            return parseResult.Invoke(config);
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e);
            error.WriteLine($"allocscope: {message}");
            if (debug)
            {
                error.WriteLine(e.ToString());
            }

            return (int)code;
        }
    }

    private static (ExitCode Code, string Message) Classify(Exception e) => e switch
    {
        InputFormatException input => (ExitCode.BadInput, $"{input.File}: {input.Message}"),
        FileNotFoundException notFound => (ExitCode.BadInput, $"{notFound.FileName ?? "file"}: no such file"),
        DirectoryNotFoundException dir => (ExitCode.BadInput, dir.Message),
        UnauthorizedAccessException denied => (ExitCode.BadInput, denied.Message),
        UsageException usage => (ExitCode.UsageError, usage.Message),
        ToolMissingException missing => (ExitCode.MissingTool, missing.Message),
        GoBuildFailedException build => (ExitCode.BadInput, build.Message),
        _ => (ExitCode.InternalError, $"internal error: {e.GetType().Name}: {e.Message} (rerun with --debug for the stack trace)"),
    };
}
