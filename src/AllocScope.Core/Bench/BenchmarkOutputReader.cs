using System.Globalization;
using AllocScope.Inputs;

namespace AllocScope.Bench;

/// <summary>
/// Reads the result lines of `go test -bench` output (the benchfmt text format; README.md beside this file): `Name-P
/// N value unit value unit…`, keeping ns/op, B/op and allocs/op; several runs of one name (-count) are averaged.
/// Configuration lines (`goos:`, `pkg:`), PASS/ok lines and the test's own output are skipped.
/// </summary>
public static class BenchmarkOutputReader
{
    public static IReadOnlyList<BenchmarkResult> Read(InputFile input)
    {
        var reader = new TextLineReader(input.Content, input.Name, "go test -bench output", input.Limits.MaxStringBytes);
        var sums = new Dictionary<string, (int Runs, double Ns, double Bytes, int BytesRuns, double Allocs, int AllocsRuns, long Iterations)>(StringComparer.Ordinal);
        var order = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            if (!line.StartsWith("Benchmark") || Parse(line) is not { } r)
            {
                continue;
            }

            if (!sums.TryGetValue(r.Name, out var s))
            {
                order.Add(r.Name);
            }

            sums[r.Name] = (s.Runs + 1, s.Ns + r.Ns, s.Bytes + (r.Bytes ?? 0), s.BytesRuns + (r.Bytes is null ? 0 : 1),
                s.Allocs + (r.Allocs ?? 0), s.AllocsRuns + (r.Allocs is null ? 0 : 1), checked(s.Iterations + r.Iterations));
        }

        if (order.Count == 0)
        {
            // A file given as benchmark output that holds none is the wrong file, not an empty result.
            throw InputFormatException.Whole(input.Name, "no benchmark result lines (expected go test -bench -benchmem output: BenchmarkName-P N ns/op ...)");
        }

        var results = new List<BenchmarkResult>(order.Count);
        foreach (var name in order)
        {
            var s = sums[name];
            results.Add(new BenchmarkResult(name, s.Runs, s.Ns / s.Runs, s.BytesRuns == 0 ? null : s.Bytes / s.BytesRuns, s.AllocsRuns == 0 ? null : s.Allocs / s.AllocsRuns) { Iterations = s.Iterations });
        }

        return results;
    }

    /// <summary>A result line, or null when the line only starts like one (a test's own output).</summary>
    private static (string Name, long Iterations, double Ns, double? Bytes, double? Allocs)? Parse(ReadOnlySpan<char> line)
    {
        var fields = line.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return null;
        }

        double? ns = null, bytes = null, allocs = null;
        for (var i = 2; i + 1 < fields.Length; i += 2)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            switch (fields[i + 1])
            {
                case "ns/op":
                    ns = value;
                    break;
                case "B/op":
                    bytes = value;
                    break;
                case "allocs/op":
                    allocs = value;
                    break;
            }
        }

        return ns is null ? null : (StripProcs(fields[0]), iterations, ns.Value, bytes, allocs);
    }

    // `BenchmarkRead-8` ran with GOMAXPROCS=8; the name is what the code calls it.
    private static string StripProcs(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && name.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0 && dash + 1 < name.Length ? name[..dash] : name;
    }
}
