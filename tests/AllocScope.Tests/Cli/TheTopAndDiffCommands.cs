using System.Text.Json;
using AllocScope.App.Hosting;
using AllocScope.Tests.Infrastructure;
using AllocScope.Tests.Pprof;

namespace AllocScope.Tests.Cli;

public sealed class TheTopAndDiffCommands
{
    [Fact]
    public void Top_json_has_the_documented_shape_with_rows_sorted_by_flat()
    {
        var path = GoHeapProfiles.Shared["allocs.pb.gz"];
        var result = CliRunner.Run("top", path, "--sample-index", "alloc_objects", "--by", "line", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("alloc_objects", root.GetProperty("sampleType").GetString());
        Assert.Equal("count", root.GetProperty("unit").GetString());
        Assert.True(root.GetProperty("total").GetInt64() > 0);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        var flats = rows.Select(r => r.GetProperty("flat").GetInt64()).ToList();
        Assert.Equal(flats.OrderByDescending(f => f).ToList(), flats);
        Assert.Contains(rows, r => r.GetProperty("function").GetString() == "main.grow" && r.GetProperty("line").GetInt64() > 0
            && r.GetProperty("file").GetString()!.EndsWith("main.go", StringComparison.Ordinal));
    }

    [Fact]
    public void Top_by_function_reports_line_0()
    {
        var result = CliRunner.Run("top", GoHeapProfiles.Shared["allocs.pb.gz"], "--format", "json");
        using var json = JsonDocument.Parse(result.Output);
        Assert.All(json.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("line").GetInt64()));
    }

    [Fact]
    public void Folded_output_puts_the_root_first_and_sums_to_the_total()
    {
        var path = GoHeapProfiles.Shared["allocs.pb.gz"];
        var folded = CliRunner.Run("top", path, "--sample-index", "alloc_space", "--format", "folded");
        var json = CliRunner.Run("top", path, "--sample-index", "alloc_space", "--format", "json");
        Assert.Equal(0, folded.ExitCode);
        var lines = folded.Output.TrimEnd().Split('\n');
        Assert.All(lines, l => Assert.Matches(@"^[^ ].* -?\d+$", l));
        Assert.Contains(lines, l => l.StartsWith("runtime.main;main.main;", StringComparison.Ordinal));
        var sum = lines.Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(doc.RootElement.GetProperty("total").GetInt64(), sum);
    }

    [Fact]
    public void Several_files_merge_into_one_table()
    {
        var path = GoHeapProfiles.Shared["allocs.pb.gz"];
        using var one = JsonDocument.Parse(CliRunner.Run("top", path, "--format", "json").Output);
        using var two = JsonDocument.Parse(CliRunner.Run("top", path, path, "--format", "json").Output);
        Assert.Equal(2 * one.RootElement.GetProperty("total").GetInt64(), two.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public void Focus_and_ignore_select_samples_by_frame()
    {
        var path = GoHeapProfiles.Shared["allocs.pb.gz"];
        using var focused = JsonDocument.Parse(CliRunner.Run("top", path, "--focus", "main\\.grow", "--format", "json").Output);
        Assert.All(focused.RootElement.GetProperty("rows").EnumerateArray(),
            r => Assert.DoesNotContain("main.fill", r.GetProperty("function").GetString(), StringComparison.Ordinal));
        using var ignored = JsonDocument.Parse(CliRunner.Run("top", path, "--ignore", "main\\.grow", "--format", "json").Output);
        Assert.DoesNotContain(ignored.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("function").GetString() == "main.grow");
    }

    [Fact]
    public void Diff_marks_sites_that_appeared_and_vanished_instead_of_negative_allocations()
    {
        var profiles = GoHeapProfiles.Shared;
        var result = CliRunner.Run("diff", profiles["sampled.pb.gz"], profiles["allocs.pb.gz"], "--sample-index", "alloc_space", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("function").GetString() == "main.fill" && r.GetProperty("status").GetString() == "appeared");
        Assert.All(rows.Where(r => r.GetProperty("status").GetString() == "vanished"), r => Assert.Equal(0, r.GetProperty("new").GetInt64()));
        var text = CliRunner.Run("diff", profiles["sampled.pb.gz"], profiles["allocs.pb.gz"], "--sample-index", "alloc_space");
        Assert.Contains("appeared", text.Output, StringComparison.Ordinal);
        Assert.Contains("Total: base ", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heap_sample_type_asked_of_a_cpu_profile_is_a_bad_input()
    {
        var cpu = Repo.RequireShared("pprof-testdata/gobench.cpu");
        var result = CliRunner.Run("top", cpu, "--sample-index", "alloc_space");
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.Contains("CPU profile", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_sample_type_is_a_usage_error_listing_the_valid_ones()
    {
        var result = CliRunner.Run("top", GoHeapProfiles.Shared["allocs.pb.gz"], "--sample-index", "nope");
        Assert.Equal((int)ExitCode.UsageError, result.ExitCode);
        Assert.Contains("alloc_objects, alloc_space, inuse_objects, inuse_space", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_profiles_load_and_show_their_default_type()
    {
        var result = CliRunner.Run("top", Repo.RequireShared("pprof-testdata/gobench.cpu"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Type: cpu (nanoseconds)", result.Output, StringComparison.Ordinal);
    }
}
