using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Corpus;

/// <summary>
/// The rules of <see cref="SiteRules"/> on every site of the corpus, of examples/hotspots, and of standard-library
/// packages outside the corpus profiled here with the installed Go (their own benchmarks, every allocation recorded).
/// </summary>
public sealed class TheGeneralRules
{
    public static TheoryData<string> Packages => [.. StandardLibraryCorpus.Packages];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Hold_on_every_site_of_the_corpus(string package)
    {
        GoTool.Require();
        using var report = StandardLibraryCorpus.Report(package, "--limit", "0");
        var broken = SiteRules.Broken(report.RootElement);
        Assert.True(broken.Count == 0, $"{package}:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void Hold_on_the_example_module()
    {
        var result = CliRunner.Run("report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(),
            "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(result.Output);
        var broken = SiteRules.Broken(report.RootElement);
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    public static TheoryData<string, string> Outside => new()
    {
        { "text/template/parse", "." }, // text/template itself has no benchmarks: its profile is the test binary's own start-up
        { "encoding/json", "CodeUnmarshal$|CodeEncoder$|Issue10335" },
        { "bufio", "Reader|Writer" },
    };

    [Theory]
    [MemberData(nameof(Outside))]
    public void Hold_on_packages_outside_the_corpus(string package, string bench)
    {
        GoTool.Require();
        var dir = Directory.CreateTempSubdirectory("allocscope-rules-");
        try
        {
            var profile = Path.Combine(dir.FullName, "mem.pprof");
            GoTool.Run(dir.FullName, "test", "-trimpath", "-run", "^$", "-bench", bench, "-benchtime", "3x", "-memprofilerate", "1", "-memprofile", profile,
                "-o", Path.Combine(dir.FullName, "pkg.test"), package);
            var log = Path.Combine(dir.FullName, "m2.txt");
            File.WriteAllText(log, GoTool.Run(dir.FullName, "build", "-gcflags=-m=2", package).StandardError);
            var result = CliRunner.Run("report", "--profile", profile, "--escape", log, "--source", Path.Combine(Repo.RequireGoRoot(), "src", package),
                "--format", "json", "--limit", "0");
            Assert.True(result.ExitCode == 0, result.Error);
            using var report = JsonDocument.Parse(result.Output);
            Assert.NotEmpty(report.RootElement.GetProperty("sites").EnumerateArray());
            var broken = SiteRules.Broken(report.RootElement);
            Assert.True(broken.Count == 0, $"{package}:\n" + string.Join("\n", broken));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
