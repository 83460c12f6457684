using System.Text;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Reads a plain text log file on all cores. The file is cut into ranges at messages that are not indented (so no
/// explanation is split), each range is parsed by its own <see cref="EscapeLogParser"/> a few ranges ahead of the
/// consumer, and a package whose messages run across ranges is joined in log order and finished once its last part is
/// in. Packages come out in file order, exactly as a serial read gives them. Cutting only at `# pkg` headers would not
/// do: the standard library's log is mostly one package (go/types, 185 of its 220 MB).
/// </summary>
internal sealed class EscapeLogRanges
{
    /// <summary>Files from this size on are read in ranges.</summary>
    public const long ParallelFromBytes = 16L << 20;

    /// <summary>The largest range: what a parser holds before its packages are handed on (memory stays bounded).</summary>
    public const long RangeBytes = 8L << 20;

    private readonly InputFile _input;
    private readonly string _path;
    private readonly string? _packageDirectory;
    private readonly int? _ranges;
    private readonly bool _keepDetail;
    private readonly List<LogLine> _unrecognized = [];
    private readonly List<LogLine> _foreign = [];
    private long _lines;
    private int _packages;
    private long _unrecognizedCount;
    private long _foreignCount;
    private int _rangeCount;

    /// <param name="input">A plain text log file (<see cref="InputFile.PlainPath"/> set).</param>
    /// <param name="packageDirectory">Resolves `./x.go`.</param>
    /// <param name="ranges">How many ranges to cut (tests); by default one per <see cref="RangeBytes"/>, at least two per core.</param>
    /// <param name="keepDetail">Keep the messages and the explanations' flow steps (false: a read that only counts and classifies).</param>
    public EscapeLogRanges(InputFile input, string? packageDirectory, int? ranges = null, bool keepDetail = true)
    {
        _keepDetail = keepDetail;
        _input = input;
        _path = input.PlainPath ?? throw new ArgumentException("a plain file is read in ranges", nameof(input));
        _packageDirectory = packageDirectory;
        _ranges = ranges;
    }

    /// <summary>Whether a log is worth reading in ranges: a plain text file of some size, on more than one core.</summary>
    public static bool Applies(InputFile input, int? ranges) =>
        input.PlainPath is not null && input.Kind is not InputKind.EscapeJsonLog
        && (ranges is > 1 || (ranges is null && input.Size >= ParallelFromBytes && Environment.ProcessorCount > 1));

    /// <summary>True when a range ended inside a message that runs on over lines: the packages stopped short, and the file
    /// must be read serially (read after the packages).</summary>
    public bool CutInsideMessage { get; private set; }

    /// <summary>True once a range recognised a compiler message (read after the packages).</summary>
    public bool RecognisedAny { get; private set; }

    /// <summary>What was counted, once every package was read.</summary>
    public EscapeLogScan Scan() => new(_lines, _packages, _unrecognizedCount, _unrecognized, _foreignCount, _foreign) { Parts = _rangeCount };

    /// <summary>The packages of the log in file order; ranges are parsed ahead on all cores while the caller works.</summary>
    /// <param name="cancellation">Stops the ranges (Ctrl-C): the enumeration then throws <see cref="OperationCanceledException"/>.</param>
    public IEnumerable<EscapeLogPackage> Packages(CancellationToken cancellation = default)
    {
        var cores = Environment.ProcessorCount;
        var count = _ranges ?? (int)Math.Clamp(_input.Size.GetValueOrDefault() / RangeBytes, cores * 2, 4096);
        var ranges = FileRanges.Split(_path, 0, count, IsRangeStart);
        _rangeCount = ranges.Count;
        var progress = _input.Progress is { } reporter && _input.Size is { } size ? new SharedProgress(_input.Name, size, reporter) : null;

        // One worker per core, one range more than there are cores parsed ahead: the workers keep parsing while this
        // thread joins and finishes. (Stopping early, a failed range or Ctrl-C stops the workers and waits for them.)
        using var workers = new OrderedWorkers<RangeResult>(ranges.Count, cores, cores + 1,
            (index, cancel) => Parse(index, ranges[index], progress, cancel), cancellation);
        PackageBuilder? carry = null;
        for (var index = 0; index < ranges.Count; index++)
        {
            var result = workers.Take(index);
            if (result.Parser.EndsInsideMessage)
            {
                // The cut fell inside a message that runs on over lines (a raw string's line that looks like a message):
                // nothing after it reads as a serial read would. The caller reads the file serially.
                CutInsideMessage = true;
                yield break;
            }

            Count(result.Parser);
            if (carry is not null && !result.Parser.SawHeader)
            {
                carry.Absorb(result.Open);
                continue;
            }

            if (carry is not null)
            {
                carry.Absorb(result.Parser.Leading!);
                if (!carry.IsEmpty)
                {
                    _packages++;
                    yield return carry.Finish();
                }
            }

            foreach (var package in result.Finished)
            {
                _packages++;
                yield return package;
            }

            carry = result.Open;
        }

        if (carry is { IsEmpty: false })
        {
            _packages++;
            yield return carry.Finish();
        }
    }

    private RangeResult Parse(int index, (long Start, long End) range, SharedProgress? progress, CancellationToken cancel)
    {
        var finished = new List<EscapeLogPackage>();
        var parser = new EscapeLogParser(_input.Name, _packageDirectory, finished.Add, _input.Limits.Memory, (long)index << 40, index > 0, _keepDetail);
        using var stream = new FileRangeStream(_path, range.Start, range.End, progress is null ? null : progress.Add);
        var reader = new TextLineReader(stream, _input.Name, "a text log", _input.Limits.MaxStringBytes, 64 << 10);
        var lines = 0;
        while (reader.TryReadLine(out var line))
        {
            if ((++lines & 4095) == 0)
            {
                cancel.ThrowIfCancellationRequested();
            }

            parser.AcceptLine(line);
        }

        return new RangeResult(parser, finished, parser.CompleteRange());
    }

    // Ranges are counted in file order, so the kept example lines are the first ones and numbered in the whole file.
    private void Count(EscapeLogParser parser)
    {
        foreach (var line in parser.UnrecognizedExamples)
        {
            if (_unrecognized.Count < EscapeLogParser.ExampleLimit)
            {
                _unrecognized.Add(line with { Number = line.Number + _lines });
            }
        }

        foreach (var line in parser.ForeignLines)
        {
            if (_foreign.Count < EscapeLogParser.ForeignLimit)
            {
                _foreign.Add(line with { Number = line.Number + _lines });
            }
        }

        _lines += parser.Lines;
        _unrecognizedCount += parser.UnrecognizedCount;
        _foreignCount += parser.ForeignCount;
        RecognisedAny |= parser.RecognisedAny;
    }

    /// <summary>
    /// Where a range may start: a `# pkg` header, or a positioned message that is not indented. A serial read closes the
    /// open explanation at such a line, so nothing the parser carries from line to line crosses the cut except the
    /// package, which <see cref="PackageBuilder.Absorb"/> joins.
    /// </summary>
    internal static bool IsRangeStart(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("# "u8))
        {
            return true;
        }

        // (A byte-order mark is dropped only from the file's first line: a range must not start at one.)
        var separator = line.IndexOf(": "u8);
        if (separator <= 0 || line.StartsWith("\uFEFF"u8) || (separator + 2 < line.Length && line[separator + 2] == (byte)' '))
        {
            return false;
        }

        return EscapeLogMessage.TryParsePosition(Encoding.UTF8.GetString(line[..separator]), out _, out _, out _);
    }

    private sealed record RangeResult(EscapeLogParser Parser, List<EscapeLogPackage> Finished, PackageBuilder Open);
}
