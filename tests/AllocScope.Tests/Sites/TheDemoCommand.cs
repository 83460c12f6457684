using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>`allocscope demo`, the README's main job, with and without Go.</summary>
public sealed class TheDemoCommand
{
    [Fact]
    public void Without_go_it_reports_from_the_recorded_artifacts_and_says_so()
    {
        var (code, output, error) = CliProcess.Run(new Dictionary<string, string> { ["ALLOCSCOPE_GO"] = "none", ["PATH"] = "/usr/bin:/bin" }, "demo", "--limit", "5");
        Assert.True(code == 0, error);
        Assert.Contains("Go is not installed", error, StringComparison.Ordinal);
        Assert.Contains("map-growth", output, StringComparison.Ordinal);
        Assert.Contains("     fix [", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_go_it_analyzes_the_example_module_end_to_end()
    {
        GoTool.Require();
        var (code, output, error) = CliProcess.Run(new Dictionary<string, string>(), "demo", "--limit", "5");
        Assert.True(code == 0, error);
        Assert.Contains("analyze --bench .", error, StringComparison.Ordinal);
        Assert.Contains("exact: every allocation recorded", output, StringComparison.Ordinal);
        Assert.Contains("map-growth", output, StringComparison.Ordinal);

        // The demo keeps its artifacts in the checkout's .allocscope/ (git-ignored); do not pile them up from tests.
        var outDir = System.Text.RegularExpressions.Regex.Match(error, @"\(artifacts in (?<dir>[^)]+)\)").Groups["dir"].Value;
        Assert.True(File.Exists(Path.Combine(outDir, "sites.json")), $"no sites.json in {outDir}");
        Directory.Delete(outDir, recursive: true);
    }
}
