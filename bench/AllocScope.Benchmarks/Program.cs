using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/AllocScope.Benchmarks -- --filter '*'`
BenchmarkSwitcher.FromAssembly(typeof(AllocScope.Benchmarks.SnifferBenchmarks).Assembly).Run(args);
