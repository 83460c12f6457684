using System.Text.Json;
using AllocScope.App.Hosting;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>`allocscope escape` and `allocscope escape diff` on the recorded fixtures.</summary>
public sealed class TheEscapeCommand
{
    [Fact]
    public void Prints_totals_by_kind_then_each_heap_decision_with_its_flow()
    {
        var result = CliRunner.Run("escape", Repo.Fixture("m2.txt"), "--heap-only", "--by", "kind", "--dir", Repo.Example());
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine(Repo.Root, "tests", "AllocScope.Tests", "EscapeLog", "escape-m2-by-kind.golden"),
            result.Output.Replace(Repo.Fixture("m2.txt"), "testdata/hotspots/m2.txt", StringComparison.Ordinal));
    }

    [Fact]
    public void Writes_json_with_the_documented_fields()
    {
        var result = CliRunner.Run("escape", Repo.Fixture("m2.txt"), "--heap-only", "--format", "json", "--dir", Repo.Example());
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(File.ReadAllLines(Repo.Fixture("m2.txt")).Length, root.GetProperty("lines").GetInt32());
        Assert.Equal(0, root.GetProperty("unrecognized").GetInt32());
        Assert.Equal(0, root.GetProperty("unrecognizedExamples").GetArrayLength());
        Assert.Equal(0, root.GetProperty("otherLines").GetInt32());
        var plant = Plants.Find("plain.go", "nonconst-size");
        var decision = root.GetProperty("decisions").EnumerateArray()
            .Single(d => d.GetProperty("file").GetString() == "./plain.go" && d.GetProperty("line").GetInt32() == plant.Line);
        Assert.Equal(Path.Combine(Repo.Example(), "plain.go"), decision.GetProperty("fullPath").GetString());
        Assert.Equal("example.com/hotspots", decision.GetProperty("package").GetString());
        Assert.Equal("Fingerprint", decision.GetProperty("function").GetString());
        Assert.Equal("make([]byte, width)", decision.GetProperty("expression").GetString());
        Assert.True(decision.GetProperty("escapes").GetBoolean());
        Assert.Equal("nonconst-size", decision.GetProperty("kind").GetString());
        Assert.Equal("non-constant-size", decision.GetProperty("reason").GetString());
        var step = decision.GetProperty("flow")[1];
        Assert.Equal(("make([]byte, width)", "non-constant size", plant.Line), (step.GetProperty("text").GetString(), step.GetProperty("tag").GetString(), step.GetProperty("line").GetInt32()));
    }

    [Fact]
    public void Json_keys_are_camel_case_like_every_other_json_output()
    {
        var result = CliRunner.Run("escape", Repo.Fixture("m2.txt"), "--format", "json", "--dir", Repo.Example());
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var keys = new List<string>();
        CollectKeys(json.RootElement, keys);
        Assert.Contains("fullPath", keys);
        Assert.All(keys, k => Assert.Matches("^[a-z][a-zA-Z]*$", k));
    }

    private static void CollectKeys(JsonElement element, List<string> keys)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                keys.Add(p.Name);
                CollectKeys(p.Value, keys);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                CollectKeys(item, keys);
            }
        }
    }

    [Fact]
    public void Diff_reports_what_the_optimized_build_moved_off_the_heap_and_exits_zero()
    {
        var result = CliRunner.Run("escape", "diff", Repo.Fixture("m2.txt"), Repo.Fixture("m2-optimized.txt"));
        Assert.Equal(0, result.ExitCode);
        var gone = result.Output[result.Output.IndexOf("no longer on the heap:", StringComparison.Ordinal)..];
        Assert.Contains("Digest  make([]byte, ScratchSize)  [too-large / too-large-for-stack]", gone, StringComparison.Ordinal);
        Assert.Contains("JoinKey  \".\" + p  [string-concat", gone, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_of_a_log_with_itself_is_empty_even_when_lines_moved()
    {
        // Same decisions, every line shifted: matching is by package, function, expression and kind.
        var shifted = Path.Combine(Path.GetTempPath(), $"allocscope-shifted-{Guid.NewGuid():N}.txt");
        try
        {
            var lines = File.ReadAllLines(Repo.Fixture("m2.txt")).Select(l => System.Text.RegularExpressions.Regex.Replace(
                l, @"^(\./[a-z]+\.go):(\d+):", m => $"{m.Groups[1].Value}:{int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 3}:"));
            File.WriteAllLines(shifted, lines);
            var result = CliRunner.Run("escape", "diff", Repo.Fixture("m2.txt"), shifted, "--format", "json");
            Assert.Equal(0, result.ExitCode);
            using var json = JsonDocument.Parse(result.Output);
            Assert.Equal(0, json.RootElement.GetProperty("changes").GetArrayLength());
        }
        finally
        {
            File.Delete(shifted);
        }
    }

    [Fact]
    public void A_profile_given_as_a_log_is_bad_input_on_one_line()
    {
        var result = CliRunner.Run("escape", Repo.Fixture("mem-rate1.pprof"));
        Assert.Equal((int)ExitCode.BadInput, result.ExitCode);
        Assert.StartsWith($"allocscope: {Repo.Fixture("mem-rate1.pprof")}: this looks like", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
    }
}
