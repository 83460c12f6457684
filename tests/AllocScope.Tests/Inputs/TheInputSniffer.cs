using System.Text;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Inputs;

public sealed class TheInputSniffer
{
    [Fact]
    public void An_empty_file_is_empty()
    {
        Assert.Equal(InputKind.Empty, InputSniffer.Sniff([]));
    }

    [Theory]
    [InlineData("pprof-testdata/gobench.heap", InputKind.LegacyHeapProfile)]
    [InlineData("pprof-testdata/gobench.cpu", InputKind.LegacyCpuProfile)]
    [InlineData("pprof-testdata/go.crc32.cpu", InputKind.LegacyCpuProfile)]
    [InlineData("go1.19-samples/sample_m2_go1.19.txt", InputKind.EscapeLog)]
    [InlineData("go1.19-samples/sample_json0_go1.19.json", InputKind.EscapeJsonLog)]
    [InlineData("go1.19-samples/sample_gctrace_inittrace_go1.19.txt", InputKind.GcTrace)]
    [InlineData("go1.19-samples/sample_bench_go1.19.txt", InputKind.BenchmarkOutput)]
    public void Real_upstream_files_are_recognised(string relative, InputKind expected)
    {
        var path = Repo.RequireShared(relative);
        Assert.Equal(expected, InputSniffer.SniffFile(path));
    }

    [Fact]
    public void Go_1_19_execution_traces_are_recognised()
    {
        var root = Repo.RequireGoRoot();
        var traces = Directory.GetFiles(Path.Combine(root, "src", "internal", "trace", "testdata"));
        Assert.NotEmpty(traces);
        foreach (var trace in traces)
        {
            Assert.Equal(InputKind.ExecutionTrace, InputSniffer.SniffFile(trace));
        }
    }

    [Fact]
    public void Plain_text_is_unknown()
    {
        Assert.Equal(InputKind.Unknown, InputSniffer.Sniff(Encoding.UTF8.GetBytes("hello, world\n")));
    }
}
