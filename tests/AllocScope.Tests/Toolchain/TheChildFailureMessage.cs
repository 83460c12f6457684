using AllocScope.Toolchain;

namespace AllocScope.Tests.Toolchain;

/// <summary>A failing child (go build, a --run command) is the command, then the last 20 lines of its output, indented.</summary>
public sealed class TheChildFailureMessage
{
    [Fact]
    public void Shows_the_command_and_at_most_twenty_indented_lines_of_its_output()
    {
        var output = string.Join('\n', Enumerable.Range(1, 50).Select(i => $"line {i}"));
        var lines = new GoBuildFailedException("go build ./...", output).Message.Split('\n');
        Assert.Equal("go build ./... failed:", lines[0]);
        Assert.Equal("    ... (30 earlier lines)", lines[1]);
        Assert.Equal(22, lines.Length);
        Assert.Equal("    line 31", lines[2]);
        Assert.Equal("    line 50", lines[^1]);
    }

    [Fact]
    public void A_short_output_is_shown_whole()
    {
        var message = new GoBuildFailedException("go vet", "./x.go:1:1: oops\r\n").Message;
        Assert.Equal("go vet failed:\n    ./x.go:1:1: oops", message);
    }
}
