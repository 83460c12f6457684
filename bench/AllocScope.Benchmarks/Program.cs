using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AllocScope.Benchmarks -- --filter '*'`
// `... -- escape-throughput LOG [--full]`: one timed pass over a large escape log (bench/escape-std.sh).
if (args.Length > 0 && args[0] == "escape-throughput")
{
    return AllocScope.Benchmarks.EscapeLogThroughput.Run(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(AllocScope.Benchmarks.SnifferBenchmarks).Assembly).Run(args);
return 0;
