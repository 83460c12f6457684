using System.Text.RegularExpressions;

namespace AllocScope.Pprof;

/// <summary>One function's lines in one file as `go tool pprof -list` shows them: totals, the line range, values per line.</summary>
/// <param name="Function">The function name.</param>
/// <param name="File">The file as the profile names it; empty when the profile has no source information for it.</param>
/// <param name="Flat">The sum of the function's per-line flat values in this file.</param>
/// <param name="Cum">The sum of its per-line cum values (as pprof, a line reached twice in a stack counts once per line).</param>
/// <param name="FirstLine">The first line pprof prints: 5 before the first line with a value (at least 1).</param>
/// <param name="LastLine">The last line pprof prints (5 after the last line with a value) unless the file ends first.</param>
/// <param name="Lines">Flat and cum of each line with a value, by line number.</param>
public sealed record FunctionListing(string Function, string File, long Flat, long Cum, long FirstLine, long LastLine, IReadOnlyDictionary<long, (long Flat, long Cum)> Lines);

/// <summary>
/// The numbers of `go tool pprof -list REGEX` (report.printSource): stacks at line granularity, every frame of a
/// function whose name matches at its own line (inlined frames included), summed per (function, file, line).
/// </summary>
public static class SourceListing
{
    /// <summary>pprof prints this many lines of context around the lines with values.</summary>
    public const int Margin = 5;

    /// <summary>Functions whose name matches, sorted by name then file; empty when none matches.</summary>
    public static IReadOnlyList<FunctionListing> Build(CallStacks lineStacks, Regex functions)
    {
        if (lineStacks.By != TopGranularity.Line)
        {
            throw new ArgumentException("a source listing needs stacks at line granularity", nameof(lineStacks));
        }

        var graph = CallGraph.Build(lineStacks);
        var listings = new List<FunctionListing>();
        foreach (var byName in graph.Nodes.Where(n => functions.IsMatch(n.Name)).GroupBy(n => n.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var withFile = byName.Where(n => n.Key.File.Length > 0).ToList();
            if (withFile.Count == 0)
            {
                listings.Add(new FunctionListing(byName.Key, "", 0, 0, 0, 0, new Dictionary<long, (long, long)>()));
                continue;
            }

            foreach (var byFile in withFile.GroupBy(n => n.Key.File).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var lines = new Dictionary<long, (long Flat, long Cum)>();
                long flat = 0, cum = 0;
                foreach (var node in byFile)
                {
                    flat = checked(flat + node.Flat);
                    cum = checked(cum + node.Cum);
                    var (f, c) = lines.GetValueOrDefault(node.Key.Line);
                    lines[node.Key.Line] = (checked(f + node.Flat), checked(c + node.Cum));
                }

                // pprof's getSourceFromFile widens a window of ±Margin around each line with a value.
                var first = Math.Max(1, lines.Keys.Min() - Margin);
                var last = lines.Keys.Max() + Margin;
                listings.Add(new FunctionListing(byName.Key, byFile.Key, flat, cum, first, last, lines));
            }
        }

        return listings;
    }
}
