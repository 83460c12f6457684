using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Trace;

/// <summary>
/// The lifecycle view against reality: the example and its `-tags optimized` twin run the same workload with a trace
/// and an exact heap profile. The view's model (at an unchanged goal, paced GC cycles follow the bytes allocated) must
/// predict the twin's cycles from the plain run's cycles and the twin's bytes within one cycle or 20%.
/// </summary>
public sealed class TheLifecycleView
{
    private static JsonElement RunAndReport(string dir, string name, params string[] tags)
    {
        var binary = Path.Combine(dir, name);
        GoTool.Run(Repo.Example(), ["build", .. tags, "-o", binary, "./cmd/hotspots"]);
        var profile = Path.Combine(dir, $"{name}.pprof");
        var trace = Path.Combine(dir, $"{name}.trace");
        var run = AllocScope.Toolchain.ProcessRunner.Run(binary, ["-n", "100", "-memprofilerate", "1", "-heapproto", profile, "-trace", trace],
            cancellation: TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var result = CliRunner.Run("report", "--profile", profile, "--source", Repo.Example(), "--trace", trace, "--format", "json", "--limit", "0");
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("lifecycle").Clone();
    }

    [Fact]
    public void Predicts_the_optimized_twins_gc_cycles_from_its_bytes()
    {
        GoTool.Require();
        var dir = Directory.CreateTempSubdirectory("allocscope-lifecycle-").FullName;
        try
        {
            var plain = RunAndReport(dir, "plain");
            var optimized = RunAndReport(dir, "optimized", "-tags", "optimized");
            long Paced(JsonElement l) => l.GetProperty("gcCycles").GetInt64() - l.GetProperty("forcedCycles").GetInt64();
            var plainCycles = Paced(plain);
            Assert.True(plainCycles >= 10, $"the workload should run the GC often: {plain}");

            var predicted = plainCycles * optimized.GetProperty("allocatedBytes").GetDouble() / plain.GetProperty("allocatedBytes").GetDouble();
            var actual = Paced(optimized);
            Assert.True(Math.Abs(predicted - actual) <= Math.Max(1, 0.2 * actual), $"predicted {predicted:F1} cycles for the twin, it ran {actual}");

            // Each site's share is its bytes over the run's, times the paced cycles; the top site is the first.
            var top = plain.GetProperty("sites")[0];
            Assert.Equal(top.GetProperty("cycles").GetDouble(), plain.GetProperty("topSiteSavesCycles").GetDouble());
            Assert.True(plain.GetProperty("fixesSaveCycles").GetDouble() <= plainCycles);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
