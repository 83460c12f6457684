using AllocScope.Inputs;
using AllocScope.Toolchain;

namespace AllocScope.App.Hosting;

/// <summary>Turns any failure of a service into one line for stderr and an <see cref="ExitCode"/>.</summary>
public static class Failures
{
    public static (ExitCode Code, string Message) Describe(Exception e) => e switch
    {
        InputFormatException input => (ExitCode.BadInput, $"{input.File}: {input.Message}"),
        FileNotFoundException notFound => (ExitCode.BadInput, $"{notFound.FileName ?? "file"}: no such file"),
        DirectoryNotFoundException dir => (ExitCode.BadInput, dir.Message),
        UnauthorizedAccessException denied => (ExitCode.BadInput, denied.Message),
        UsageException usage => (ExitCode.UsageError, usage.Message),
        ToolMissingException missing => (ExitCode.MissingTool, missing.Message),
        GoBuildFailedException build => (ExitCode.BadInput, build.Message),
        ToolTimeoutException timeout => (ExitCode.BadInput, timeout.Message),
        OperationCanceledException => (ExitCode.Interrupted, "interrupted; child processes were stopped"),
        _ => (ExitCode.InternalError, $"internal error: {e.GetType().Name}: {e.Message} (rerun with --debug for the stack trace)"),
    };
}
