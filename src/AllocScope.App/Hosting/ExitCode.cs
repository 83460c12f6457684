namespace AllocScope.App.Hosting;

/// <summary>Process exit codes; every command uses these and the README documents them.</summary>
public enum ExitCode
{
    Success = 0,

    /// <summary>A check failed: a gate, a regression.</summary>
    CheckFailed = 1,

    /// <summary>The command line was wrong.</summary>
    UsageError = 2,

    /// <summary>An input file was truncated, corrupt, empty or of the wrong format or version.</summary>
    BadInput = 3,

    /// <summary>An external program (go, bpftrace) is needed and not installed.</summary>
    MissingTool = 4,

    /// <summary>A bug in AllocScope.</summary>
    InternalError = 5,

    /// <summary>Interrupted (Ctrl-C): children stopped, partial outputs marked (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
