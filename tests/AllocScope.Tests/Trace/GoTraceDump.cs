using System.Globalization;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Trace;

/// <summary>
/// What Go 1.19's own parser makes of a trace: `go tool trace -d FILE` prints every event it produced (time, type,
/// P, G, offset, arguments by name). Go 1.5/1.6 traces need a binary for its symbolizer; any Go binary will do
/// (wrong symbols, same events).
/// </summary>
public sealed record GoTraceDump(IReadOnlyList<GoTraceDump.Line> Events)
{
    public sealed record Line(long Ts, string Type, int P, ulong G, IReadOnlyDictionary<string, string> Args);

    public static string TestData => Path.Combine(Repo.RequireGoRoot(), "src", "internal", "trace", "testdata");

    public static GoTraceDump Of(string file)
    {
        var go = GoTool.Require();
        var args = new List<string> { "tool", "trace", "-d" };
        if (File.ReadAllBytes(file).AsSpan(0, 16).SequenceEqual("go 1.5 trace\0\0\0\0"u8))
        {
            args.Add(Path.Combine(Repo.RequireGoRoot(), "bin", "go"));
        }

        args.Add(file);
        var output = GoTool.Run(Path.GetTempPath(), [.. args]).StandardOutput;
        var events = new List<Line>();
        foreach (var text in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = text.Split(' ');
            var named = fields.Skip(2).Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToList();
            var args2 = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var kv in named.Skip(3))
            {
                args2.TryAdd(kv[0], kv[1]);
            }

            events.Add(new Line(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], int.Parse(named[0][1], CultureInfo.InvariantCulture),
                ulong.Parse(named[1][1], CultureInfo.InvariantCulture), args2));
        }

        return new GoTraceDump(events);
    }

    public IReadOnlyDictionary<string, long> Counts => Events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>STW time as the dump shows it: each GCSTWStart with the next GCSTWDone (per P before Go 1.10).</summary>
    public long StwTotal(int version)
    {
        var open = new Dictionary<int, long>();
        long total = 0;
        foreach (var e in Events)
        {
            var key = version < 1010 ? e.P : 0;
            if (e.Type == "GCSTWStart")
            {
                open[key] = e.Ts;
            }
            else if (e.Type == "GCSTWDone" && open.Remove(key, out var start))
            {
                total += e.Ts - start;
            }
        }

        return total;
    }

    public long MaxHeapAlloc => Events.Where(e => e.Type == "HeapAlloc").Select(e => long.Parse(e.Args["mem"], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
}
