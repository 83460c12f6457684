using AllocScope.App.Hosting;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Cli;

public sealed class TheCommandLine
{
    [Fact]
    public void Help_lists_every_command()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("doctor", result.Output, StringComparison.Ordinal);
        Assert.Contains("demo", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error_on_one_line_per_problem()
    {
        var result = CliRunner.Run("no-such-command");
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.StartsWith("allocscope: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_assembly_version()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output);
    }

    [Fact]
    public void Doctor_reports_go_bpftrace_and_chromium()
    {
        var result = CliRunner.Run("doctor");
        Assert.Equal(0, result.ExitCode);
        foreach (var tool in new[] { "go", "bpftrace", "chromium" })
        {
            Assert.Matches($"(?m)^{tool} +(found|missing)", result.Output);
        }
    }
}
