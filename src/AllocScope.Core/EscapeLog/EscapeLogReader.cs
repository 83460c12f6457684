using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Reads the compiler's optimization log: `-gcflags=-m`/`-m=2` text as `go build`, `go test`, `go vet` or
/// `go tool compile` print it, or a `-json=0,DIR` directory / file (handed to <see cref="JsonOptimizerLogReader"/>).
/// </summary>
public static class EscapeLogReader
{
    /// <summary>Reads a text log, a -json=0 file or directory, or standard input for `-`.</summary>
    /// <param name="path">The log file, -json=0 directory, or `-`.</param>
    /// <param name="packageDirectory">The directory `go` ran in, to resolve `./x.go`; null leaves relative paths unresolved.</param>
    /// <param name="progress">Progress on long inputs.</param>
    /// <param name="limits">What the reader may hold (default limits when null).</param>
    /// <param name="standardInput">Opens standard input, for `-`.</param>
    public static CompilerLog Read(string path, string? packageDirectory = null, IProgressReporter? progress = null, InputLimits? limits = null,
        Func<Stream>? standardInput = null)
    {
        limits ??= new InputLimits();
        if (path != InputFile.StandardInput && Directory.Exists(path))
        {
            return JsonOptimizerLogReader.ReadDirectory(path, packageDirectory, limits);
        }

        using var input = InputFile.Open(path, limits, progress, standardInput);
        return Read(input, packageDirectory);
    }

    /// <summary>Reads a text log (or a -json=0 file) from a stream, which is disposed.</summary>
    public static CompilerLog Read(Stream stream, string displayName, string? packageDirectory = null, InputLimits? limits = null)
    {
        using var input = InputFile.FromStream(stream, displayName, limits ?? new InputLimits());
        return Read(input, packageDirectory);
    }

    /// <summary>Reads a text log, or a -json=0 file (detected from its first line).</summary>
    public static CompilerLog Read(InputFile input, string? packageDirectory)
    {
        if (input.Kind == InputKind.EscapeJsonLog)
        {
            return JsonOptimizerLogReader.Read(input, packageDirectory);
        }

        var packages = new List<EscapeLogPackage>();
        var parser = ReadEach(input, packageDirectory, packages.Add);
        return parser.ToLog(packages);
    }

    /// <summary>
    /// The packages of a text log file, read as they are enumerated and kept by nobody: a second pass over a file whose
    /// first pass (<see cref="ReadEach"/>) already checked it, so a report can stream its decisions in log order.
    /// </summary>
    public static IEnumerable<EscapeLogPackage> EnumeratePackages(string path, string? packageDirectory, InputLimits limits)
    {
        // Serial on purpose: read in ranges on all cores, the parts of the packages ahead of the writer made the
        // standard library's full report peak over 200 MB (JSON: 236 MB instead of 185 MB) for no clear gain in time,
        // since writing the decisions is what takes long.
        using var input = InputFile.Open(path, limits);
        var finished = new Queue<EscapeLogPackage>();
        var parser = new EscapeLogParser(input.Name, packageDirectory, finished.Enqueue);
        var reader = new TextLineReader(input.Content, input.Name, "a text log", input.Limits.MaxStringBytes);
        while (AcceptNext(reader, parser))
        {
            while (finished.Count > 0)
            {
                yield return finished.Dequeue();
            }
        }

        parser.Complete();
        while (finished.Count > 0)
        {
            yield return finished.Dequeue();
        }
    }

    private static bool AcceptNext(TextLineReader reader, EscapeLogParser parser)
    {
        if (!reader.TryReadLine(out var line))
        {
            return false;
        }

        parser.AcceptLine(line);
        return true;
    }

    /// <summary>An empty input, or one of another known format, is not a text log: the error says what it looks like.</summary>
    internal static void CheckTextLog(InputFile input)
    {
        var displayName = input.Name;
        switch (input.Kind)
        {
            case InputKind.Empty:
                throw InputFormatException.Whole(displayName, input.IsCompressed
                    ? "the gzip data decompresses to nothing: expected compiler output of go build -gcflags=-m=2"
                    : "empty file: expected compiler output of go build -gcflags=-m=2");
            case InputKind.Gzip or InputKind.PprofProto or InputKind.ElfBinary or InputKind.ExecutionTrace or InputKind.LegacyCpuProfile
                or InputKind.LegacyHeapProfile or InputKind.LegacyCountProfile or InputKind.LegacyContentionProfile or InputKind.GcTrace
                or InputKind.BenchmarkOutput or InputKind.EscapeJsonLog:
                throw InputFormatException.Whole(displayName, $"this looks like {InputSniffer.Describe(input.Kind)}, not a -gcflags=-m escape log");
        }
    }

    /// <summary>
    /// Streams a text log package by package without keeping what <paramref name="onPackage"/> does not keep;
    /// memory is bounded by the largest package. Returns the parser for its counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static EscapeLogParser ReadEach(InputFile input, string? packageDirectory, Action<EscapeLogPackage> onPackage, bool keepDetail = true)
    {
        var displayName = input.Name;
        CheckTextLog(input);
        var parser = new EscapeLogParser(displayName, packageDirectory, onPackage, input.Limits.Memory, 0, false, keepDetail);
        var reader = new TextLineReader(input.Content, displayName, "a text log", input.Limits.MaxStringBytes);
        while (reader.TryReadLine(out var line))
        {
            parser.AcceptLine(line);
        }

        parser.Complete();
        if (!parser.RecognisedAny)
        {
            var example = parser.UnrecognizedExamples.Concat(parser.ForeignLines).OrderBy(l => l.Number).FirstOrDefault();
            throw InputFormatException.AtLine(displayName, example?.Number ?? 1,
                $"no compiler -m messages (file:line:col: ... escapes to heap / can inline ...) in {parser.Lines} lines; first line: {TextSnippet.Shorten(example?.Text ?? "")}");
        }

        return parser;
    }
}
