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
            // The first pass of `allocscope escape`: parse and classify on all cores, counting per part.
            using var input = InputFile.Open(path, new InputLimits());
            var (scan, parts) = EscapeLogScan.Run(input, null, () => new long[3], (part, package) =>
            {
                foreach (var d in package.Decisions)
                {
                    part[0]++;
                    part[1] += d.Escapes ? 1 : 0;
                }
            }, keepDetail: false);
            decisions = parts[0];
            heap = parts[1];
            unrecognized = scan.UnrecognizedCount;
            lines = scan.Lines;
        }

        stopwatch.Stop();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocscope: {lines} lines, {decisions} decisions, {heap} on the heap, {unrecognized} unrecognized; {bytes / 1e6:F1} MB in {seconds:F2} s = {bytes / 1e6 / seconds:F0} MB/s, peak {peakMb:F0} MB ({(full ? "whole model" : "counting pass, on all cores")}); allocated {GC.GetTotalAllocatedBytes() / 1e6:F0} MB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), GC pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s"));
        return unrecognized == 0 ? 0 : 1;
    }
}
