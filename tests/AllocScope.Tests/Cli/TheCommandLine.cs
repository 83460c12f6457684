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

    [Theory]
    [InlineData("--bogus: unknown option of 'top'", "top", "--bogus", "x.pprof")]
    [InlineData("--bogus: unknown option of 'top'", "top", "--bogus")]
    [InlineData("--x: unknown option of 'diff'", "escape", "diff", "--x", "a", "b")]
    [InlineData("--limit -3: expected 0 (all) or a positive number of rows", "top", "x.pprof", "--limit", "-3")]
    [InlineData("--limit -1: expected 0 (all) or a positive number of sites", "report", "--profile", "x.pprof", "--limit", "-1")]
    [InlineData("--binary /no/such/binary: no such file", "report", "--profile", "x.pprof", "--binary", "/no/such/binary")]
    [InlineData("Unrecognized command or argument 'c'", "diff", "a", "b", "c")]
    public void Unknown_options_extra_arguments_and_bad_values_are_usage_errors_with_a_hint(string expected, params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("allocscope: ", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
        Assert.Matches(@"^Run 'allocscope [a-z ]*--help' for usage\.$", lines[^1]);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void A_file_named_with_a_leading_dash_is_read_when_written_as_a_path()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"allocscope-dash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Repo.Fixture("mem-rate1.pprof"), Path.Combine(folder, "-odd.pprof"));
            var result = CliRunner.Run("top", Path.Combine(folder, "-odd.pprof"), "--limit", "1");
            Assert.Equal(0, result.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("top")]
    [InlineData("diff")]
    [InlineData("report")]
    [InlineData("analyze")]
    [InlineData("escape")]
    [InlineData("escape", "diff")]
    [InlineData("demo")]
    [InlineData("doctor")]
    public void Help_texts_name_only_options_the_command_has(params string[] command)
    {
        var help = CliRunner.Run([.. command, "--help"]).Output;
        var lines = help.Split('\n');
        var defined = lines.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\s+(?:-\S+, )*(--[a-z-]+)"))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        var mentioned = lines.SelectMany(l => System.Text.RegularExpressions.Regex.Matches(l.Length > 48 ? l[48..] : "", @"(?<![\w-])--[a-z][a-z-]+").Select(m => m.Value));
        Assert.All(mentioned, option => Assert.True(defined.Contains(option), $"'{string.Join(' ', command)} --help' mentions {option}, which it does not take"));
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
