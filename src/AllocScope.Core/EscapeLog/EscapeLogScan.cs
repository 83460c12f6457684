using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// What a whole pass over a text log counted: lines, packages, and the unrecognized and foreign lines (the first few
/// verbatim, numbered in the whole file).
/// </summary>
public sealed record EscapeLogScan(long Lines, int Packages, long UnrecognizedCount, IReadOnlyList<LogLine> UnrecognizedExamples,
    long ForeignCount, IReadOnlyList<LogLine> ForeignLines)
{
    /// <summary>Files from this size on are scanned on all cores.</summary>
    public const long ParallelFromBytes = 16L << 20;

    /// <summary>
    /// Every package of a text log handed to <paramref name="onPackage"/> with the state of its part of the file: a plain
    /// file is cut at `# package` headers and the parts parsed on all cores (one state each, returned in file order for
    /// the caller to merge); anything else (pipes, gzip, a log without headers) is one part read in one pass. The
    /// packages are the ones a serial read finds; the callback must only touch its state.
    /// </summary>
    public static (EscapeLogScan Scan, IReadOnlyList<TState> States) Run<TState>(InputFile input, string? packageDirectory,
        Func<TState> newState, Action<TState, EscapeLogPackage> onPackage, int? parts = null)
    {
        var count = parts ?? (input.Size >= ParallelFromBytes && Environment.ProcessorCount > 1 ? Environment.ProcessorCount * 2 : 1);
        if (count > 1 && input.PlainPath is { } path && input.Kind is not InputKind.EscapeJsonLog)
        {
            EscapeLogReader.CheckTextLog(input);
            var ranges = FileRanges.Split(path, 0, count, line => line.StartsWith("# "u8));
            var states = new TState[ranges.Count];
            var parsers = new EscapeLogParser[ranges.Count];
            Parallel.For(0, ranges.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var state = states[i] = newState();
                var parser = parsers[i] = new EscapeLogParser(input.Name, packageDirectory, p => onPackage(state, p), input.Limits.Memory);
                using var stream = new FileRangeStream(path, ranges[i].Start, ranges[i].End);
                var reader = new TextLineReader(stream, input.Name, "a text log", input.Limits.MaxStringBytes);
                while (reader.TryReadLine(out var line))
                {
                    parser.AcceptLine(line);
                }

                parser.Complete();
            });

            // Nothing recognised: the serial read says so with the exact first line.
            if (parsers.Any(p => p.RecognisedAny))
            {
                return (Merge(parsers), states);
            }
        }

        var single = newState();
        var serial = EscapeLogReader.ReadEach(input, packageDirectory, p => onPackage(single, p));
        return (Merge([serial]), [single]);
    }

    private static EscapeLogScan Merge(IReadOnlyList<EscapeLogParser> parsers)
    {
        var unrecognized = new List<LogLine>();
        var foreign = new List<LogLine>();
        var lineBase = 0L;
        foreach (var parser in parsers)
        {
            unrecognized.AddRange(parser.UnrecognizedExamples.Select(l => l with { Number = l.Number + lineBase }));
            foreign.AddRange(parser.ForeignLines.Select(l => l with { Number = l.Number + lineBase }));
            lineBase += parser.Lines;
        }

        return new EscapeLogScan(lineBase, parsers.Sum(p => p.Packages), parsers.Sum(p => p.UnrecognizedCount),
            [.. unrecognized.Take(EscapeLogParser.ExampleLimit)], parsers.Sum(p => p.ForeignCount), [.. foreign.Take(EscapeLogParser.ForeignLimit)]);
    }
}
