using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>pprof's --focus, --ignore and --hide on the ranked sites (`report`; `analyze` binds the same options).</summary>
public sealed class TheSiteFilters
{
    private static JsonElement Report(params string[] extra)
    {
        var result = CliRunner.Run(["report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(),
            "--show-harness", "--format", "json", "--limit", "0", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    private static long Total(JsonElement report) => report.GetProperty("total").GetInt64();

    [Fact]
    public void Focus_and_ignore_on_one_pattern_split_the_stacks_in_two()
    {
        var all = Report();
        var focus = Report("--focus", @"hotspots\.BuildIndex$");
        var ignore = Report("--ignore", @"hotspots\.BuildIndex$");
        Assert.True(Total(focus) > 0 && Total(ignore) > 0);
        Assert.Equal(Total(all), Total(focus) + Total(ignore));
        Assert.Contains(focus.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("--focus/--ignore/--hide applied", StringComparison.Ordinal));
    }

    [Fact]
    public void Hide_removes_the_frames_so_their_callers_lines_stand_for_them()
    {
        var all = Report();
        var hidden = Report("--hide", @"hotspots\.BuildIndex$");
        Assert.Contains(all.GetProperty("sites").EnumerateArray(), s => s.GetProperty("function").GetString() == "example.com/hotspots.BuildIndex");
        Assert.DoesNotContain(hidden.GetProperty("sites").EnumerateArray(), s => s.GetProperty("function").GetString() == "example.com/hotspots.BuildIndex");
        Assert.Equal(Total(all), Total(hidden));
    }

    [Fact]
    public void An_invalid_pattern_is_a_usage_error_naming_the_option()
    {
        var result = CliRunner.Run("report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--hide", "(");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--hide", result.Error, StringComparison.Ordinal);
    }
}
