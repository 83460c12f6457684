using System.Text;
using AllocScope.Inputs;
using BenchmarkDotNet.Attributes;

namespace AllocScope.Benchmarks;

/// <summary>Format detection runs on every input file before its reader; it must stay cheap.</summary>
[MemoryDiagnoser]
public class SnifferBenchmarks
{
    private readonly byte[] _escapeLog = Encoding.UTF8.GetBytes("# example.com/hotspots\n./plain.go:12:11: make(map[string]int) escapes to heap\n");

    [Benchmark]
    public InputKind SniffEscapeLog() => InputSniffer.Sniff(_escapeLog);
}
