using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// Two analyses of examples/hotspots with the real toolchain: as it is, and with blank lines inserted above every
/// planted site. Compared by site id nothing of the example's code appears or vanishes; compared by line it would.
/// </summary>
public sealed class ShiftedExample : IDisposable
{
    public ShiftedExample()
    {
        Root = Directory.CreateTempSubdirectory("allocscope-sitediff-").FullName;
        Before = Path.Combine(Root, "before");
        After = Path.Combine(Root, "after");
        if (GoTool.IsCi || AllocScope.Toolchain.ToolLocator.FindGo() is not null)
        {
            Copy(Repo.Example(), Before, shift: false);
            Copy(Repo.Example(), After, shift: true);
            BeforeRun = CliRunner.Run("analyze", "--dir", Before, "--bench", ".", "--benchtime", "20x", "--out", Path.Combine(Root, "out-before"), "--limit", "1");
            AfterRun = CliRunner.Run("analyze", "--dir", After, "--bench", ".", "--benchtime", "20x", "--out", Path.Combine(Root, "out-after"), "--limit", "1");
        }
    }

    public string Root { get; }

    public string Before { get; }

    public string After { get; }

    public CliRunner.Result? BeforeRun { get; }

    public CliRunner.Result? AfterRun { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Copy(string from, string to, bool shift)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!shift || !file.EndsWith(".go", StringComparison.Ordinal))
            {
                File.Copy(file, target);
                continue;
            }

            var lines = new List<string>();
            foreach (var line in File.ReadAllLines(file))
            {
                if (line.Contains("// PLANT:", StringComparison.Ordinal))
                {
                    lines.AddRange(["", ""]);
                }

                lines.Add(line);
            }

            File.WriteAllLines(target, lines);
        }
    }
}

public sealed class TheSiteDiff(ShiftedExample example) : IClassFixture<ShiftedExample>
{
    private (string Before, string After) Outputs()
    {
        GoTool.Require();
        Assert.True(example.BeforeRun!.ExitCode == 0, example.BeforeRun.Error);
        Assert.True(example.AfterRun!.ExitCode == 0, example.AfterRun.Error);
        return (Path.Combine(example.Root, "out-before"), Path.Combine(example.Root, "out-after"));
    }

    private List<JsonElement> ExampleRows(JsonDocument diff, string key = "sites") =>
        [.. diff.RootElement.GetProperty(key).EnumerateArray().Where(r =>
            r.GetProperty("file").GetString()!.StartsWith(example.Before, StringComparison.Ordinal)
            || r.GetProperty("file").GetString()!.StartsWith(example.After, StringComparison.Ordinal))];

    private static string Status(JsonElement row) => row.GetProperty("status").GetString()!;

    [Fact]
    public void Two_analyze_folders_compared_by_site_id_have_no_site_of_the_example_appear_or_vanish()
    {
        var (before, after) = Outputs();
        var result = CliRunner.Run("diff", before, after, "--format", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var rows = ExampleRows(json);
        Assert.True(rows.Count > 15, $"only {rows.Count} sites of the example matched");
        Assert.All(rows, r => Assert.True(Status(r) is "same" or "changed", $"{Status(r)}: {r}"));
        Assert.Contains(rows, r => r.GetProperty("line").GetInt64() != r.GetProperty("baseLine").GetInt64());

        // Each row says what it is and why, so a change reads "map-growth (runtime-growth) at plain.go:N changed by ...".
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("kind").GetString()) || string.IsNullOrEmpty(r.GetProperty("reason").GetString()), r.ToString()));
        var text = CliRunner.Run("diff", before, after);
        Assert.Contains(text.Output.Split('\n'), l => l.Contains(" map-growth ", StringComparison.Ordinal) && l.Contains(" runtime-growth ", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_profiles_joined_with_their_own_source_and_escape_log_match_the_same_way()
    {
        var (before, after) = Outputs();
        var profile = "example.com_hotspots.mem.pprof";
        var result = CliRunner.Run("diff", Path.Combine(before, profile), Path.Combine(after, profile), "--by", "site",
            "--base-source", example.Before, "--source", example.After,
            "--base-escape", Path.Combine(before, "escape.txt"), "--escape", Path.Combine(after, "escape.txt"), "--format", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var rows = ExampleRows(json);
        Assert.True(rows.Count > 15, $"only {rows.Count} sites of the example matched");
        Assert.All(rows, r => Assert.True(Status(r) is "same" or "changed", $"{Status(r)}: {r}"));
    }

    [Fact]
    public void Compared_by_line_the_same_profiles_would_report_moved_sites_as_new_and_vanished()
    {
        var (before, after) = Outputs();
        var profile = "example.com_hotspots.mem.pprof";
        var result = CliRunner.Run("diff", Path.Combine(before, profile), Path.Combine(after, profile), "--by", "line", "--format", "json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var rows = ExampleRows(json, "rows");
        Assert.Contains(rows, r => Status(r) == "appeared");
        Assert.Contains(rows, r => Status(r) == "vanished");
    }
}
