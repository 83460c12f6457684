using System.Diagnostics;
using System.Globalization;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Taxonomy;

namespace AllocScope.Benchmarks;

/// <summary>
/// One timed pass of the escape-log reader over a large real log (the std -m=2 log of bench/escape-std.sh):
/// parse, pair, assign functions and classify every decision, keeping only totals, as a streaming consumer does.
/// Prints throughput and peak memory in a line the script parses.
/// </summary>
public static class EscapeLogThroughput
{
    public static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: escape-throughput LOG [--full]");
            return 2;
        }

        var path = args[0];
        var full = args.Contains("--full");
        var bytes = new FileInfo(path).Length;
        var stopwatch = Stopwatch.StartNew();
        long decisions = 0;
        long heap = 0;
        var byKind = new Dictionary<AllocationKind, long>();
        long unrecognized;
        long lines;
        if (full)
        {
            // The whole model in memory (what `allocscope escape` holds).
            var log = EscapeLogReader.Read(path);
            decisions = log.Decisions.Count;
            heap = log.Decisions.Count(d => d.Escapes);
            unrecognized = log.Unrecognized.Count;
            lines = log.Lines;
        }
        else
        {
            using var input = InputFile.Open(path, new InputLimits());
            var parser = EscapeLogReader.ReadEach(input, null, package =>
            {
                foreach (var d in package.Decisions)
                {
                    decisions++;
                    if (d.Escapes)
                    {
                        heap++;
                        byKind[d.Kind] = byKind.GetValueOrDefault(d.Kind) + 1;
                    }
                }
            });
            unrecognized = parser.UnrecognizedCount;
            lines = parser.Lines;
        }

        stopwatch.Stop();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocscope: {lines} lines, {decisions} decisions, {heap} on the heap, {unrecognized} unrecognized; {bytes / 1e6:F1} MB in {seconds:F2} s = {bytes / 1e6 / seconds:F0} MB/s, peak {peakMb:F0} MB ({(full ? "whole model" : "streaming")})"));
        return unrecognized == 0 ? 0 : 1;
    }
}
