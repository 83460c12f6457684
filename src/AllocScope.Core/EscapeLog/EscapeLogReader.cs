using System.Runtime.CompilerServices;
using AllocScope.Inputs;
using AllocScope.Progress;

namespace AllocScope.EscapeLog;

/// <summary>
/// Reads the compiler's optimization log: `-gcflags=-m`/`-m=2` text as `go build`, `go test`, `go vet` or
/// `go tool compile` print it, or a `-json=0,DIR` directory / file (handed to <see cref="JsonOptimizerLogReader"/>).
/// </summary>
public static class EscapeLogReader
{
    /// <summary>Reads a text log, a -json=0 file, or a -json=0 directory.</summary>
    /// <param name="path">The log file or -json=0 directory.</param>
    /// <param name="packageDirectory">The directory `go` ran in, to resolve `./x.go`; null leaves relative paths unresolved.</param>
    /// <param name="progress">Progress on long inputs.</param>
    public static CompilerLog Read(string path, string? packageDirectory = null, IProgressReporter? progress = null)
    {
        if (Directory.Exists(path))
        {
            return JsonOptimizerLogReader.ReadDirectory(path, packageDirectory);
        }

        using var file = File.OpenRead(path);
        using Stream stream = progress is null ? file : new ProgressStream(file, path, file.Length, progress);
        try
        {
            return Read(stream, path, packageDirectory);
        }
        finally
        {
            progress?.Done(path);
        }
    }

    /// <summary>Reads a text log (or a -json=0 file, detected from its first line) from a stream.</summary>
    public static CompilerLog Read(Stream stream, string displayName, string? packageDirectory = null)
    {
        var (prefix, whole) = PrefixedStream.Peek(stream, InputSniffer.PrefixLength);
        var kind = InputSniffer.Sniff(prefix);
        if (kind == InputKind.EscapeJsonLog)
        {
            return JsonOptimizerLogReader.Read(whole, displayName, packageDirectory);
        }

        var packages = new List<EscapeLogPackage>();
        var parser = ReadEach(whole, displayName, packageDirectory, packages.Add, kind);
        return CompilerLog.FromPackages(displayName, parser.Lines, new UnrecognizedLines(parser.UnrecognizedCount, parser.UnrecognizedExamples), packages,
            parser.ForeignLines, parser.ForeignCount);
    }

    /// <summary>
    /// Streams a text log package by package without keeping what <paramref name="onPackage"/> does not keep;
    /// memory is bounded by the largest package. Returns the parser for its counts.
    /// </summary>
    public static EscapeLogParser ReadEach(Stream stream, string displayName, string? packageDirectory, Action<EscapeLogPackage> onPackage) =>
        ReadEach(stream, displayName, packageDirectory, onPackage, null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EscapeLogParser ReadEach(Stream stream, string displayName, string? packageDirectory, Action<EscapeLogPackage> onPackage, InputKind? sniffed)
    {
        if (sniffed is null)
        {
            var (prefix, whole) = PrefixedStream.Peek(stream, InputSniffer.PrefixLength);
            sniffed = InputSniffer.Sniff(prefix);
            stream = whole;
        }

        switch (sniffed)
        {
            case InputKind.Empty:
                throw InputFormatException.Whole(displayName, "empty file: expected compiler output of go build -gcflags=-m=2");
            case InputKind.Gzip or InputKind.PprofProto or InputKind.ElfBinary or InputKind.ExecutionTrace or InputKind.LegacyCpuProfile
                or InputKind.LegacyHeapProfile or InputKind.LegacyCountProfile or InputKind.LegacyContentionProfile or InputKind.GcTrace
                or InputKind.BenchmarkOutput or InputKind.EscapeJsonLog:
                throw InputFormatException.Whole(displayName, $"this looks like {InputSniffer.Describe(sniffed.Value)}, not a -gcflags=-m escape log");
        }

        var parser = new EscapeLogParser(displayName, packageDirectory, onPackage);
        var reader = new TextLineReader(stream, displayName);
        var recognised = false;
        while (reader.TryReadLine(out var line))
        {
            var before = parser.UnrecognizedCount + parser.ForeignCount;
            parser.AcceptLine(line);
            recognised |= parser.UnrecognizedCount + parser.ForeignCount == before && !line.StartsWith("# ");
        }

        parser.Complete();
        if (!recognised)
        {
            var example = parser.UnrecognizedExamples.Concat(parser.ForeignLines).OrderBy(l => l.Number).FirstOrDefault();
            throw InputFormatException.AtLine(displayName, example?.Number ?? 1,
                $"no compiler -m messages (file:line:col: ... escapes to heap / can inline ...) in {parser.Lines} lines; first line: {TextSnippet.Shorten(example?.Text ?? "")}");
        }

        return parser;
    }
}
