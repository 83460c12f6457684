namespace AllocScope.Toolchain;

/// <summary>
/// `go build`, `go test` or a `--run` command failed on the user's code. The message is the command, then at most the
/// last <see cref="TailLines"/> lines of its own output, indented, so the error stays one line plus the evidence.
/// </summary>
public sealed class GoBuildFailedException(string command, string goOutput)
    : Exception($"{command} failed:\n{Indented(goOutput)}")
{
    public const int TailLines = 20;

    public string Command { get; } = command;

    public string GoOutput { get; } = goOutput;

    private static string Indented(string output)
    {
        var lines = output.TrimEnd().Split('\n');
        var shown = lines.Length > TailLines ? lines[^TailLines..] : lines;
        var head = lines.Length > TailLines ? $"    ... ({lines.Length - TailLines} earlier lines)\n" : "";
        return head + string.Join('\n', shown.Select(l => "    " + l.TrimEnd('\r')));
    }
}
