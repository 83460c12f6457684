using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>`allocscope report` on the recorded artifacts of examples/hotspots (no Go needed).</summary>
public sealed class TheSiteReport
{
    private static CliRunner.Result Report(params string[] extra) => CliRunner.Run(
        ["report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(), .. extra]);

    [Fact]
    public void Every_planted_pattern_gets_its_kind_reason_and_fix()
    {
        var result = Report("--format", "json", "--limit", "0");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        PlantedExpectations.AssertAllPlanted(json.RootElement, top: 30);
    }

    [Fact]
    public void The_json0_optimizer_log_explains_the_planted_sites_as_well_as_the_m2_text()
    {
        var result = CliRunner.Run("report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("json0"), "--source", Repo.Example(),
            "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        PlantedExpectations.AssertAllPlanted(json.RootElement, top: 30);
    }

    [Fact]
    public void A_map_that_does_not_need_to_escape_still_grows_on_the_line_that_writes_to_it_and_the_fix_names_the_make()
    {
        var result = Report("--format", "json", "--limit", "0");
        using var json = JsonDocument.Parse(result.Output);
        var growth = Plants.Find("plain.go", "map-growth");
        var make = Plants.Find("plain.go", "map-make");
        var site = json.RootElement.GetProperty("sites").EnumerateArray()
            .First(s => s.GetProperty("line").GetInt64() == growth.Line && s.GetProperty("kind").GetString() == "map-growth");
        Assert.Contains($"plain.go:{make.Line}", site.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains(site.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("type").GetString() == "map-declaration" && !e.GetProperty("hasSizeHint").GetBoolean() && e.GetProperty("text").GetString()!.Contains("no size hint", StringComparison.Ordinal));
    }

    [Fact]
    public void The_report_says_the_counts_are_exact_at_memprofilerate_1_and_estimated_otherwise()
    {
        using var exact = JsonDocument.Parse(Report("--format", "json", "--limit", "0").Output);
        Assert.True(exact.RootElement.GetProperty("exact").GetBoolean());
        Assert.Equal("alloc_space", exact.RootElement.GetProperty("sampleType").GetString());

        var sampled = CliRunner.Run("report", "--profile", Repo.Fixture("mem-default.pprof"), "--format", "json");
        Assert.Equal(0, sampled.ExitCode);
        using var json = JsonDocument.Parse(sampled.Output);
        Assert.False(json.RootElement.GetProperty("exact").GetBoolean());
    }

    [Fact]
    public void An_inlined_constructor_is_reported_at_its_own_line_with_the_caller_it_was_inlined_into()
    {
        using var json = JsonDocument.Parse(Report("--format", "json", "--limit", "0").Output);
        var plant = Plants.Find("plain.go", "new-object");
        var site = json.RootElement.GetProperty("sites").EnumerateArray().First(s => s.GetProperty("line").GetInt64() == plant.Line);
        Assert.Equal("example.com/hotspots.newEntry", site.GetProperty("function").GetString());
        Assert.Contains(site.GetProperty("inlinedInto").EnumerateArray(), c => c.GetString() == "example.com/hotspots.MakeEntries");
    }

    [Fact]
    public void The_site_values_add_up_to_the_profile_total()
    {
        // All sites, the tests' and the harness's included: together they are the whole profile.
        using var json = JsonDocument.Parse(Report("--format", "json", "--limit", "0", "--include-tests").Output);
        var sum = json.RootElement.GetProperty("sites").EnumerateArray().Sum(s => s.GetProperty("value").GetInt64());
        var top = CliRunner.Run("top", Repo.Fixture("mem-rate1.pprof"), "--sample-index", "alloc_space", "--format", "json");
        using var topJson = JsonDocument.Parse(top.Output);
        Assert.Equal(topJson.RootElement.GetProperty("total").GetInt64(), sum);
        Assert.Equal(sum, json.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public void The_text_and_markdown_reports_show_why_and_what_to_do()
    {
        var text = Report("--limit", "5");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("why: ", text.Output, StringComparison.Ordinal);
        Assert.Contains("     fix [", text.Output, StringComparison.Ordinal);
        Assert.Contains("     allocates: ", text.Output, StringComparison.Ordinal);

        var markdown = Report("--format", "markdown");
        Assert.Contains("| # | value | share | kind | reason | site |", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("Why on the heap:", markdown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_text_heap_profile_gives_the_same_planted_sites_as_the_proto_of_the_same_run()
    {
        var legacy = CliRunner.Run("report", "--profile", Repo.Fixture("heap-legacy.txt"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(), "--limit", "0", "--format", "json");
        var proto = CliRunner.Run("report", "--profile", Repo.Fixture("heap-proto.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(), "--limit", "0", "--format", "json");
        Assert.Equal(0, legacy.ExitCode);
        Assert.Equal(0, proto.ExitCode);
        using var a = JsonDocument.Parse(legacy.Output);
        using var b = JsonDocument.Parse(proto.Output);
        static string Key(JsonElement s) => $"{s.GetProperty("line").GetInt64()} {s.GetProperty("kind").GetString()} {s.GetProperty("objects").GetInt64()}";
        var plainSites = (JsonDocument d) => d.RootElement.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("file").GetString()!.EndsWith("/plain.go", StringComparison.Ordinal)).Select(Key).Order().ToList();
        Assert.Equal(plainSites(b), plainSites(a));
    }

    [Fact]
    public void A_cpu_profile_is_a_bad_input_error_saying_a_heap_profile_is_needed()
    {
        var result = CliRunner.Run("report", "--profile", Repo.RequireShared("pprof-testdata/gobench.cpu"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not a heap profile", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_missing_profile_is_a_bad_input_error_naming_the_file()
    {
        var result = CliRunner.Run("report", "--profile", "/nonexistent/mem.pprof");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("/nonexistent/mem.pprof", result.Error, StringComparison.Ordinal);
    }
}
