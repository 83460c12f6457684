using AllocScope.Cli;

namespace AllocScope.Tests.Infrastructure;

/// <summary>Runs the command line in-process with captured output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = AllocScopeCli.Run(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }
}
