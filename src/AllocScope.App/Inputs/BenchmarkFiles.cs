using AllocScope.Bench;
using AllocScope.Inputs;

namespace AllocScope.App.Inputs;

/// <summary>Reads `go test -bench` outputs (a path or `-`) for the services, within the run's limits.</summary>
public static class BenchmarkFiles
{
    public static IReadOnlyList<BenchmarkResult> ReadAll(IReadOnlyList<string> paths, ServiceContext context)
    {
        var results = new List<BenchmarkResult>();
        foreach (var path in paths)
        {
            using var input = InputFile.Open(path, context.Limits, context.Progress.ForFile(path), context.StandardInput);
            results.AddRange(BenchmarkOutputReader.Read(input));
        }

        return results;
    }
}
