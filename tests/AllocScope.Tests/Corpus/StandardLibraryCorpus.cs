using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Corpus;

/// <summary>
/// The corpus of real packages nobody here wrote (testdata/std, made by testdata/generate-std.sh from the standard
/// library's own benchmarks) and how to report on it: the profile, the escape log and the package's source under the
/// installed GOROOT. The fixtures name lines of Go 1.19's sources, so the installed Go must be the one that made them.
/// </summary>
public static class StandardLibraryCorpus
{
    public static readonly IReadOnlyList<string> Packages = ["encoding/csv", "go/parser", "regexp", "compress/flate"];

    public static string Folder(string package) => Path.Combine(Repo.Root, "testdata", "std", package.Replace('/', '-'));

    /// <summary>The package's source directory under the installed GOROOT, after checking the Go version matches the fixtures'.</summary>
    public static string RequireSource(string package)
    {
        var manifest = File.ReadAllText(Path.Combine(Folder(package), "MANIFEST.md"));
        var installed = GoTool.Run(Repo.Root, "version").StandardOutput.Trim();
        if (!manifest.Contains($"`{installed}`", StringComparison.Ordinal))
        {
            // The expectations name lines of that Go's sources; another Go has other lines.
            Assert.False(GoTool.IsCi, $"testdata/std was made with another Go than `{installed}`: regenerate it with testdata/generate-std.sh");
            Assert.Skip($"testdata/std was made with another Go than the installed `{installed}`");
        }

        return Path.Combine(Repo.RequireGoRoot(), "src", package);
    }

    /// <summary>`report --format json` on the package's fixtures, parsed.</summary>
    public static JsonDocument Report(string package, params string[] extra)
    {
        var folder = Folder(package);
        var result = CliRunner.Run(["report", "--profile", Path.Combine(folder, "mem.pprof"), "--escape", Path.Combine(folder, "m2.txt"),
            "--source", RequireSource(package), "--format", "json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output);
    }

    /// <summary>One hand-written expectation of tests/AllocScope.Tests/Corpus/expected/&lt;package&gt;.tsv.</summary>
    public sealed record Expectation(string Function, string Place, string Kind, string Reason, string FixAction, string Why);

    public static IReadOnlyList<Expectation> Expectations(string package)
    {
        var path = Path.Combine(Repo.Root, "tests", "AllocScope.Tests", "Corpus", "expected", package.Replace('/', '-') + ".tsv");
        return [.. File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(f => new Expectation(f[0], f[1], f[2], f[3], f[4], f.Length > 5 ? f[5] : ""))];
    }

    /// <summary>`file.go:line` of a site, the key the expectations use with its function.</summary>
    public static string Place(JsonElement site) => $"{Path.GetFileName(site.GetProperty("file").GetString())}:{site.GetProperty("line").GetInt64()}";
}
