using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// A real Go program that allocates 40 calls deep: the runtime records at most 32 frames (Go 1.19), so the root of
/// those stacks is missing. The report must say so on the row and in the summary, and keep the statement in one row.
/// </summary>
public sealed class TheTruncatedStacks
{
    private const string Program = """
        package main

        import (
            "os"
            "runtime"
            "runtime/pprof"
        )

        var sink [][]byte

        //go:noinline
        func deep(n, size int) {
            if n == 0 {
                buf := make([]byte, size) // the allocation, 40 frames down
                sink = append(sink, buf)
                return
            }
            deep(n-1, size)
        }

        func main() {
            runtime.MemProfileRate = 1
            for i := 0; i < 2000; i++ {
                deep(40, 64+i%7)
            }
            f, err := os.Create(os.Args[1])
            if err != nil {
                panic(err)
            }
            if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
                panic(err)
            }
            f.Close()
        }
        """;

    [Fact]
    public void A_40_deep_recursion_is_marked_truncated_on_its_row_and_in_the_summary_and_stays_one_row()
    {
        GoTool.Require();
        var dir = Directory.CreateTempSubdirectory("allocscope-deep-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "go.mod"), "module example.com/deep\n\ngo 1.19\n");
            File.WriteAllText(Path.Combine(dir.FullName, "main.go"), Program.Replace("    ", "\t", StringComparison.Ordinal));
            var binary = Path.Combine(dir.FullName, "deep");
            GoTool.Run(dir.FullName, "build", "-o", binary, ".");
            var profile = Path.Combine(dir.FullName, "allocs.pprof");
            var run = AllocScope.Toolchain.ProcessRunner.Run(binary, [profile], dir.FullName, cancellation: TestContext.Current.CancellationToken);
            Assert.True(run.ExitCode == 0, run.StandardError);

            var json = CliRunner.Run("report", "--profile", profile, "--source", dir.FullName, "--format", "json", "--limit", "0");
            Assert.True(json.ExitCode == 0, json.Error);
            using var report = JsonDocument.Parse(json.Output);
            var leafLine = File.ReadAllLines(Path.Combine(dir.FullName, "main.go")).ToList().FindIndex(l => l.Contains("40 frames down", StringComparison.Ordinal)) + 1;
            var rows = report.RootElement.GetProperty("sites").EnumerateArray().Where(s => s.GetProperty("line").GetInt64() == leafLine).ToList();
            var row = Assert.Single(rows);
            Assert.Equal("main.deep", row.GetProperty("function").GetString());
            Assert.True(row.GetProperty("truncatedValue").GetInt64() > 0, "the row's stacks were cut at 32 frames");
            Assert.Equal(row.GetProperty("value").GetInt64(), row.GetProperty("truncatedValue").GetInt64());
            Assert.Contains(report.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("cut at 32 frames", StringComparison.Ordinal));

            var text = CliRunner.Run("report", "--profile", profile, "--source", dir.FullName);
            Assert.Contains("warning: truncated stacks:", text.Output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
