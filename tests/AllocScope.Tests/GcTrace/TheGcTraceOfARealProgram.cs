using System.Text.RegularExpressions;
using AllocScope.GcTrace;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.GcTrace;

/// <summary>
/// End to end with the installed Go: a small program built here runs with GODEBUG=gctrace=1, its own stdout and stderr
/// prints interleaved with the runtime's lines in one file (`> log 2>&1`), and at exit prints runtime.NumGC.
/// </summary>
public sealed partial class TheGcTraceOfARealProgram
{
    private const string Program = """
        package main

        import (
        	"fmt"
        	"os"
        	"runtime"
        )

        var sink [][]byte

        func main() {
        	for round := 0; round < 40; round++ {
        		for i := 0; i < 2000; i++ {
        			sink = append(sink, make([]byte, 1024+i%512))
        		}
        		if round%10 == 0 {
        			fmt.Println("round", round, "on stdout")
        			fmt.Fprintln(os.Stderr, "round", round, "on stderr")
        			sink = nil
        		}
        		if round == 25 {
        			runtime.GC()
        		}
        	}
        	var m runtime.MemStats
        	runtime.ReadMemStats(&m)
        	fmt.Fprintf(os.Stderr, "NumGC=%d\n", m.NumGC)
        }
        """;

    [GeneratedRegex(@"^NumGC=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex NumGc();

    [Fact]
    public void Counts_every_cycle_the_runtime_counted_and_reads_the_last_line_s_fields()
    {
        GoTool.Require();
        var folder = Path.Combine(Path.GetTempPath(), $"allocscope-gctrace-e2e-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "go.mod"), "module example.com/gctrace\n\ngo 1.19\n");
            File.WriteAllText(Path.Combine(folder, "main.go"), Program);
            GoTool.Run(folder, "build", "-o", "prog", ".");
            var log = Path.Combine(folder, "run.log");
            var run = ProcessRunner.Run("/bin/sh", ["-c", "./prog > run.log 2>&1"], folder,
                new Dictionary<string, string> { ["GODEBUG"] = "gctrace=1" }, cancellation: TestContext.Current.CancellationToken);
            Assert.True(run.ExitCode == 0, run.StandardError);

            var text = File.ReadAllText(log);
            var numGc = int.Parse(NumGc().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var gcLines = text.Split('\n').Where(l => TheGcTraceReader.GcLine().IsMatch(l)).ToList();
            Assert.True(numGc > 5, $"the program should collect several times:\n{text}");

            using var input = InputFile.Open(log, new InputLimits());
            var trace = GcTraceReader.Read(input);
            var summary = GcTraceSummary.Of(trace);
            Assert.Equal(gcLines.Count, trace.Cycles.Count);
            Assert.Equal([GcLayout.Go118], trace.Layouts);
            Assert.True(trace.SkippedLines >= 9, $"the program's own lines are skipped: {trace.SkippedLines}"); // 4 + 4 rounds, NumGC
            Assert.True(summary.ForcedCount >= 1);
            if (trace.CutLineCount == 0)
            {
                Assert.Equal(numGc, trace.Cycles.Count);
                Assert.Equal(numGc, trace.Cycles[^1].Number);
            }
            else
            {
                // A program line landed inside a runtime line: that cycle is lost, and counted as missing.
                Assert.Equal(numGc, trace.Cycles.Count + summary.MissingCycles);
            }

            TheGcTraceReader.AssertCycleEqualsLine(trace.Cycles[^1], gcLines[^1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
