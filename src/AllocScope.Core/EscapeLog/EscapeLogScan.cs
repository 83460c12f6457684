using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// What a whole pass over a text log counted: lines, packages, and the unrecognized and foreign lines (the first few
/// verbatim, numbered in the whole file).
/// </summary>
public sealed record EscapeLogScan(long Lines, int Packages, long UnrecognizedCount, IReadOnlyList<LogLine> UnrecognizedExamples,
    long ForeignCount, IReadOnlyList<LogLine> ForeignLines)
{
    /// <summary>How many ranges the file was read in (1: one serial pass).</summary>
    public int Parts { get; init; } = 1;

    /// <summary>
    /// Every package of a text log handed to <paramref name="onPackage"/> in file order, with what the pass counted. A
    /// plain file of some size is read in ranges on all cores (<see cref="EscapeLogRanges"/>); anything else (pipes, gzip,
    /// small files) in one serial pass. On an error the file is read again serially, so the message names the first
    /// problem in file order exactly as a serial read does, and the state starts afresh (so does a cut inside a message that
    /// runs on over lines).
    /// </summary>
    /// <param name="parts">How many ranges to cut (tests); by default chosen from the file size and the cores.</param>
    /// <param name="keepDetail">Keep the messages, the explanations' flow steps and the inlining call sites; false when the
    /// packages are only counted (every line is still checked and every decision classified; see
    /// <see cref="EscapeLogPackage.InliningCount"/>).</param>
    /// <param name="cancellation">Stops the read (Ctrl-C) with an <see cref="OperationCanceledException"/>.</param>
    public static (EscapeLogScan Scan, TState State) Run<TState>(InputFile input, string? packageDirectory,
        Func<TState> newState, Action<TState, EscapeLogPackage> onPackage, int? parts = null, bool keepDetail = true,
        CancellationToken cancellation = default)
    {
        if (EscapeLogRanges.Applies(input, parts))
        {
            EscapeLogReader.CheckTextLog(input);
            var charged = input.Limits.Memory.Used;
            try
            {
                var state = newState();
                var ranges = new EscapeLogRanges(input, packageDirectory, parts, keepDetail);
                foreach (var package in ranges.Packages(cancellation))
                {
                    onPackage(state, package);
                }

                // Nothing recognised: the serial read says so with the exact first line. A range cut inside a message that
                // runs on over lines: the serial read joins it.
                if (ranges.RecognisedAny && !ranges.CutInsideMessage)
                {
                    return (ranges.Scan(), state);
                }
            }
            catch (InputFormatException)
            {
            }

            input.Limits.Memory.Release(input.Limits.Memory.Used - charged);
        }

        var single = newState();
        var serial = EscapeLogReader.ReadEach(input, packageDirectory, p =>
        {
            cancellation.ThrowIfCancellationRequested();
            onPackage(single, p);
        }, keepDetail);
        return (new EscapeLogScan(serial.Lines, serial.Packages, serial.UnrecognizedCount, serial.UnrecognizedExamples, serial.ForeignCount,
            serial.ForeignLines), single);
    }
}
