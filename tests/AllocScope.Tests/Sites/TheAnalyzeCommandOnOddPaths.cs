using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// `analyze` in a module whose path has spaces, quotes and non-ASCII letters, writing to an output folder named the
/// same way: every argument reaches Go intact (including -gcflags=-json=0,DIR, which Go itself splits on spaces).
/// </summary>
public sealed class TheAnalyzeCommandOnOddPaths
{
    [Fact]
    public void Spaces_quotes_and_unicode_in_the_module_path_and_the_output_folder_survive()
    {
        GoTool.Require();
        var root = Directory.CreateTempSubdirectory("allocscope-odd-").FullName;
        try
        {
            var module = Path.Combine(root, "my module 'ü' \"x\"");
            Directory.CreateDirectory(module);
            WriteGrowModule(module, "odd", 1000);
            var outDir = Path.Combine(root, "out dir ✓ 'q'");
            var result = CliRunner.Run("analyze", "--dir", module, "--bench", ".", "--benchtime", "10x", "--out", outDir, "--format", "json", "--limit", "0");
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            Assert.Contains(json.RootElement.GetProperty("sites").EnumerateArray(),
                s => s.GetProperty("function").GetString() == "example.com/odd.Grow" && s.GetProperty("kind").GetString() == "slice-growth");
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(outDir, "json0"), "*.json", SearchOption.AllDirectories));
            Assert.Contains("can inline Grow", File.ReadAllText(Path.Combine(outDir, "escape.txt")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_bench_pattern_that_matches_nothing_is_a_usage_error_naming_the_benchmarks_and_leaves_nothing_behind()
    {
        GoTool.Require();
        var module = Directory.CreateTempSubdirectory("allocscope-nobench-").FullName;
        try
        {
            WriteGrowModule(module, "nobench", 10);
            var outDir = Path.Combine(module, ".allocscope", "run");
            var result = CliRunner.Run("analyze", "--dir", module, "--bench", "NoSuchBench", "--out", outDir);
            Assert.Equal((int)AllocScope.App.Hosting.ExitCode.UsageError, result.ExitCode);
            Assert.Contains("--bench NoSuchBench matches no benchmark", result.Error, StringComparison.Ordinal);
            Assert.Contains("BenchmarkGrow", result.Error, StringComparison.Ordinal);
            Assert.Equal("", result.Output);
            Assert.False(Directory.Exists(Path.Combine(module, ".allocscope")), "the run leaves nothing behind");
        }
        finally
        {
            Directory.Delete(module, recursive: true);
        }
    }

    [Fact]
    public void The_allocscope_folder_in_a_module_ignores_itself_in_git()
    {
        GoTool.Require();
        var module = Directory.CreateTempSubdirectory("allocscope-gitignore-").FullName;
        try
        {
            WriteGrowModule(module, "ignored", 10);
            var result = CliRunner.Run("analyze", "--dir", module, "--bench", ".", "--benchtime", "10x", "--out", Path.Combine(module, ".allocscope", "run"));
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains("*", File.ReadAllLines(Path.Combine(module, ".allocscope", ".gitignore")));
        }
        finally
        {
            Directory.Delete(module, recursive: true);
        }
    }

    [Fact]
    public void A_second_run_into_a_locked_output_folder_or_an_out_that_is_a_file_stops_before_any_work()
    {
        GoTool.Require();
        var root = Directory.CreateTempSubdirectory("allocscope-lock-").FullName;
        try
        {
            var outDir = Path.Combine(root, "out");
            using (AllocScope.App.Services.OutputFolderLock.Acquire(outDir))
            {
                var second = CliRunner.Run("analyze", "--dir", Repo.Example(), "--bench", ".", "--out", outDir);
                Assert.Equal((int)AllocScope.App.Hosting.ExitCode.UsageError, second.ExitCode);
                Assert.Contains("another allocscope analyze is writing there", second.Error, StringComparison.Ordinal);
                Assert.Equal([Path.Combine(outDir, ".lock")], Directory.GetFileSystemEntries(outDir));
            }

            Assert.Empty(Directory.GetFileSystemEntries(outDir));
            var file = Path.Combine(root, "a-file");
            File.WriteAllText(file, "x");
            var onFile = CliRunner.Run("analyze", "--dir", Repo.Example(), "--bench", ".", "--out", file);
            Assert.Equal((int)AllocScope.App.Hosting.ExitCode.UsageError, onFile.ExitCode);
            Assert.Contains("is a file, not a folder", onFile.Error, StringComparison.Ordinal);
            Assert.Equal("x", File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A module example.com/PKG with Grow (append in a loop) and BenchmarkGrow calling Grow(n).</summary>
    private static void WriteGrowModule(string module, string package, int n)
    {
        File.WriteAllText(Path.Combine(module, "go.mod"), $"module example.com/{package}\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(module, $"{package}.go"),
            $"package {package}\n\nfunc Grow(n int) []int {{\n\tvar s []int\n\tfor i := 0; i < n; i++ {{\n\t\ts = append(s, i)\n\t}}\n\treturn s\n}}\n");
        File.WriteAllText(Path.Combine(module, $"{package}_test.go"),
            $"package {package}\n\nimport \"testing\"\n\nfunc BenchmarkGrow(b *testing.B) {{\n\tfor i := 0; i < b.N; i++ {{\n\t\tGrow({n})\n\t}}\n}}\n");
    }
}
