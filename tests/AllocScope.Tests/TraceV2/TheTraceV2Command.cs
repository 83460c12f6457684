using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.TraceV2;

/// <summary>`allocscope trace` on a v2 trace (Go 1.22+), run as users run it: the JSON report, and a truncated file's one-line error.</summary>
public sealed class TheTraceV2Command
{
    [Fact]
    public void Json_report_of_a_v2_trace_and_a_truncated_one_is_exit_3_with_one_line()
    {
        var test = TraceTextForm.Parse(Repo.RequireShared("go-trace-v2/tests/go122-annotations.test"));
        var bytes = test.Write();
        var dir = Directory.CreateTempSubdirectory("allocscope-v2-").FullName;
        try
        {
            var path = Path.Combine(dir, "annotations.trace");
            File.WriteAllBytes(path, bytes);
            var result = CliProcess.Run(new Dictionary<string, string>(), "trace", path, "--format", "json");
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = JsonDocument.Parse(result.Output);
            var root = json.RootElement;
            Assert.Equal("v2", root.GetProperty("format").GetString());
            Assert.Equal("1.22", root.GetProperty("goVersion").GetString());
            Assert.Equal(test.Events.Count(e => e.Name == "GCBegin"), root.GetProperty("gcCount").GetInt64());
            Assert.Equal(test.Events.Count(e => e.Name == "GoCreate"), root.GetProperty("goroutinesCreated").GetInt64());

            var cut = Path.Combine(dir, "cut.trace");
            File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
            var bad = CliProcess.Run(new Dictionary<string, string>(), "trace", cut, "--format", "json");
            Assert.Equal(3, bad.ExitCode);
            var lines = bad.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.StartsWith($"allocscope: {cut}: ", lines[0], StringComparison.Ordinal);
            Assert.Empty(bad.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
