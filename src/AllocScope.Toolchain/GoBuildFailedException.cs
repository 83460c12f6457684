namespace AllocScope.Toolchain;

/// <summary>`go build` or `go test` failed on the user's code; the message is Go's own output.</summary>
public sealed class GoBuildFailedException(string command, string goOutput)
    : Exception($"{command} failed:\n{goOutput.TrimEnd()}")
{
    public string Command { get; } = command;

    public string GoOutput { get; } = goOutput;
}
