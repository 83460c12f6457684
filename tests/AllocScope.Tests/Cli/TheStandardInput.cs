using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Cli;

/// <summary>`curl -s …/profile | allocscope top -`: inputs named `-` are read from a pipe in one pass.</summary>
public sealed class TheStandardInput
{
    [Fact]
    public void A_profile_piped_through_cat_reads_like_the_file()
    {
        var file = Repo.Fixture("mem-rate1.pprof");
        var result = AllocScope.Toolchain.ProcessRunner.Run("/bin/sh", ["-c", $"cat '{file}' | '{CliProcess.Script}' top - --format json"],
            cancellation: TestContext.Current.CancellationToken);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var piped = JsonDocument.Parse(result.StandardOutput);
        using var direct = JsonDocument.Parse(CliRunner.Run("top", file, "--format", "json").Output);
        Assert.Equal(direct.RootElement.GetProperty("total").GetInt64(), piped.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(direct.RootElement.GetProperty("rows").GetArrayLength(), piped.RootElement.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public void An_escape_log_on_standard_input_is_read_in_process_too()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stdin = File.OpenRead(Repo.Fixture("m2.txt"));
        var code = AllocScope.Cli.AllocScopeCli.Run(["escape", "-", "--format", "json"], new AllocScope.App.Hosting.TextConsole(output, error, stdin), TestContext.Current.CancellationToken);
        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("-", json.RootElement.GetProperty("source").GetString());
        Assert.True(json.RootElement.GetProperty("decisions").GetArrayLength() > 50);
    }
}
