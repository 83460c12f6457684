using System.Text.Json;
using System.Text.RegularExpressions;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// Exact mode is measured, not assumed: single-statement cases in testdata/go/exactcounts are counted by Go's own
/// testing.AllocsPerRun and, separately, profiled at memprofilerate 1 through `allocscope analyze`; the per-iteration
/// objects of each site must equal Go's count.
/// </summary>
public sealed partial class TheExactCounts
{
    private const int Runs = 1000; // TestProfileRuns calls each case this often

    private static readonly string s_module = Path.Combine(Repo.Root, "testdata", "go", "exactcounts");

    [Fact]
    public void Per_iteration_objects_at_memprofilerate_1_equal_testing_AllocsPerRun()
    {
        GoTool.Require();
        var goCounts = AllocsPerRun();
        var sites = Analyze();

        // Every one of these allocates objects of 16 bytes or more, so each malloc is profiled.
        foreach (var name in new[] { "escaping-map", "local-map", "escaping-slice", "concat", "bytes" })
        {
            var objects = ObjectsAtCase(sites, name);
            Assert.True(objects / Runs == goCounts[name], $"{name}: {objects} objects in {Runs} runs, AllocsPerRun says {goCounts[name]} per run");
        }

        // What PRODUCT.md promises on Go 1.19: a hinted map is 3 allocations when it escapes and 2 when it does not.
        Assert.Equal(3, goCounts["escaping-map"]);
        Assert.Equal(2, goCounts["local-map"]);
        Assert.Equal(1, goCounts["escaping-slice"]);
    }

    [Fact]
    public void Tiny_allocations_are_undercounted_by_the_profile_and_the_test_says_why()
    {
        GoTool.Require();
        var goCounts = AllocsPerRun();
        var sites = Analyze();

        // Boxing an int and the first append of an []int make 8-byte pointer-free objects. The runtime packs those into
        // 16-byte tiny blocks and profiles only the malloc that starts a new block (mallocgc returns early for the
        // rest), while AllocsPerRun counts every malloc. So the profile sees between (count - 1) and count per run.
        foreach (var name in new[] { "box", "append-loop" })
        {
            var objects = ObjectsAtCase(sites, name);
            Assert.InRange(objects, (goCounts[name] - 1) * (long)Runs, goCounts[name] * (long)Runs);
            Assert.True(objects < goCounts[name] * (long)Runs, $"{name}: expected tiny allocations to be packed, got {objects}");
        }
    }

    [Fact]
    public void Each_case_gets_the_kind_its_statement_implies()
    {
        GoTool.Require();
        var sites = Analyze();
        var expected = new Dictionary<string, string>
        {
            ["escaping-map"] = "map-new",
            ["local-map"] = "map-new",
            ["escaping-slice"] = "slice-make",
            ["append-loop"] = "slice-growth",
            ["grow-map"] = "map-growth",
            ["concat"] = "string-concat",
            ["box"] = "interface-box",
            ["bytes"] = "string-bytes",
        };
        foreach (var (name, kind) in expected)
        {
            var line = CaseLine(name);
            var site = sites.Single(s => s.GetProperty("line").GetInt64() == line && s.GetProperty("file").GetString()!.EndsWith("/cases.go", StringComparison.Ordinal));
            Assert.True(kind == site.GetProperty("kind").GetString(), $"{name}: {site.GetProperty("kind").GetString()}, expected {kind}");
        }
    }

    private static Dictionary<string, int> AllocsPerRun()
    {
        var result = GoTool.Run(s_module, "test", "-count=1", "-run", "TestAllocsPerRun", "-v", ".");
        var counts = new Dictionary<string, int>();
        foreach (Match m in AllocsRe().Matches(result.StandardOutput))
        {
            counts[m.Groups[1].Value] = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.NotEmpty(counts);
        return counts;
    }

    private static readonly Lazy<List<JsonElement>> s_sites = new(() =>
    {
        var outDir = Directory.CreateTempSubdirectory("allocscope-exact-").FullName;
        try
        {
            var result = CliRunner.Run("analyze", "--dir", s_module, "--test", "TestProfileRuns", "--out", outDir, "--format", "json", "--limit", "0");
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            Assert.True(json.RootElement.GetProperty("exact").GetBoolean());
            return json.RootElement.GetProperty("sites").EnumerateArray().Select(e => e.Clone()).ToList();
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    });

    private static List<JsonElement> Analyze() => s_sites.Value;

    private static long ObjectsAtCase(List<JsonElement> sites, string name)
    {
        var line = CaseLine(name);
        return sites.Where(s => s.GetProperty("line").GetInt64() == line && s.GetProperty("file").GetString()!.EndsWith("/cases.go", StringComparison.Ordinal))
            .Sum(s => s.GetProperty("objects").GetInt64());
    }

    private static int CaseLine(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(s_module, "cases.go"));
        var index = Array.FindIndex(lines, l => l.TrimEnd().EndsWith("// CASE:" + name, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no CASE:{name} marker");
        return index + 1;
    }

    [GeneratedRegex(@"ALLOCS (\S+) (\d+)")]
    private static partial Regex AllocsRe();
}
