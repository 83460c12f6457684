using AllocScope.GoSource;

namespace AllocScope.EscapeLog;

/// <summary>
/// Everything read from one or more compiler optimization logs (-m, -m=2 text or -json=0): escape decisions with
/// their explanations, inlining decisions, other recognised notes, and the lines that were not compiler
/// diagnostics (kept aside) or had an unknown shape (counted, with examples).
/// </summary>
public sealed class CompilerLog
{
    private Dictionary<(string BaseName, int Line), List<EscapeDecision>>? _byLine;
    private Dictionary<string, List<EscapeDecision>>? _byFile;

    /// <summary>The input(s) as named by the user.</summary>
    public required string Source { get; init; }

    /// <summary>Lines read (text) or JSON lines read (-json=0).</summary>
    public long Lines { get; init; }

    public required UnrecognizedLines Unrecognized { get; init; }

    /// <summary>Packages in the order their `# pkg` sections appeared (empty string for a log without headers).</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    public required IReadOnlyList<EscapeDecision> Decisions { get; init; }

    public required IReadOnlyList<InliningDecision> InliningDecisions { get; init; }

    public required IReadOnlyList<CompilerNote> Notes { get; init; }

    /// <summary>Lines from other tools (build errors, `go: downloading`, test output), the first <see cref="EscapeLogParser.ForeignLimit"/>.</summary>
    public required IReadOnlyList<LogLine> ForeignLines { get; init; }

    /// <summary>What reading left out (folders of a -json=0 directory that are links or unreadable), one phrase each.</summary>
    public IReadOnlyList<string> Warnings { get; set; } = [];

    /// <summary>How many foreign lines there were in all.</summary>
    public long ForeignLineCount { get; init; }

    /// <summary>The decisions that put something on the heap.</summary>
    public IEnumerable<EscapeDecision> HeapDecisions => Decisions.Where(d => d.Escapes);

    /// <summary>
    /// Decisions at a source line, for joining with profiles. Profiles print absolute or -trimpath module paths
    /// (`example.com/m/x.go`), logs print `./x.go` relative to where `go` ran, -json=0 logs the absolute path of the
    /// machine that compiled. A decision matches when its file has the same base name and its relative path is a
    /// suffix of <paramref name="file"/> or its absolute path shares trailing components with it; of several, those
    /// sharing the most trailing path components win.
    /// </summary>
    public IReadOnlyList<EscapeDecision> DecisionsAt(string file, int line)
    {
        _byLine ??= BuildLineIndex();
        if (!_byLine.TryGetValue((SourcePaths.BaseName(file), line), out var candidates))
        {
            return [];
        }

        var best = 0;
        var matches = new List<EscapeDecision>();
        foreach (var d in candidates)
        {
            var score = SourcePosition.MatchScore(d.File, d.FullPath, file);
            if (score == 0 || score < best)
            {
                continue;
            }

            if (score > best)
            {
                best = score;
                matches.Clear();
            }

            matches.Add(d);
        }

        return matches;
    }

    /// <summary>
    /// Whether the log has decisions for this file at all (matched as <see cref="DecisionsAt"/> matches): a line without
    /// one is then a line the compiler did not put on the heap, not a line the log knows nothing about.
    /// </summary>
    public bool Covers(string file)
    {
        _byFile ??= Decisions.GroupBy(d => SourcePaths.BaseName(d.File), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.DistinctBy(d => (d.File, d.FullPath)).ToList(), StringComparer.Ordinal);
        return _byFile.TryGetValue(SourcePaths.BaseName(file), out var candidates) && candidates.Any(d => SourcePosition.MatchScore(d.File, d.FullPath, file) > 0);
    }

    /// <summary>A log from its finished packages, in the order they were read, and what the reader counted.</summary>
    public static CompilerLog FromPackages(string source, long lines, UnrecognizedLines unrecognized, IReadOnlyList<EscapeLogPackage> packages,
        IReadOnlyList<LogLine> foreignLines, long foreignLineCount) => new()
        {
            Source = source,
            Lines = lines,
            Unrecognized = unrecognized,
            Packages = [.. packages.Select(p => p.Package)],
            Decisions = [.. packages.SelectMany(p => p.Decisions)],
            InliningDecisions = [.. packages.SelectMany(p => p.InliningDecisions)],
            Notes = [.. packages.SelectMany(p => p.Notes)],
            ForeignLines = foreignLines,
            ForeignLineCount = foreignLineCount,
        };

    /// <summary>
    /// The part of a test build's log that a plain build does not have: decisions in `_test.go` files (the rest repeats
    /// the package's own decisions).
    /// </summary>
    public CompilerLog TestFilesOnly()
    {
        static bool InTest(LogEntry e) => e.File.EndsWith("_test.go", StringComparison.Ordinal);
        return new CompilerLog
        {
            Source = Source,
            Lines = Lines,
            Unrecognized = Unrecognized,
            Packages = Packages,
            Decisions = [.. Decisions.Where(InTest)],
            InliningDecisions = [.. InliningDecisions.Where(InTest)],
            Notes = [.. Notes.Where(InTest)],
            ForeignLines = [],
            ForeignLineCount = 0,
            Warnings = Warnings,
        };
    }

    /// <summary>Several logs as one (e.g. one per package or per build), in the order given.</summary>
    public static CompilerLog Combine(IReadOnlyList<CompilerLog> logs)
    {
        if (logs.Count == 1)
        {
            return logs[0];
        }

        return new CompilerLog
        {
            Source = string.Join(", ", logs.Select(l => l.Source)),
            Lines = logs.Sum(l => l.Lines),
            Unrecognized = new UnrecognizedLines(logs.Sum(l => l.Unrecognized.Count), [.. logs.SelectMany(l => l.Unrecognized.Examples).Take(EscapeLogParser.ExampleLimit)]),
            Packages = [.. logs.SelectMany(l => l.Packages)],
            Decisions = [.. logs.SelectMany(l => l.Decisions)],
            InliningDecisions = [.. logs.SelectMany(l => l.InliningDecisions)],
            Notes = [.. logs.SelectMany(l => l.Notes)],
            ForeignLines = [.. logs.SelectMany(l => l.ForeignLines).Take(EscapeLogParser.ForeignLimit)],
            ForeignLineCount = logs.Sum(l => l.ForeignLineCount),
            Warnings = [.. logs.SelectMany(l => l.Warnings)],
        };
    }

    private Dictionary<(string, int), List<EscapeDecision>> BuildLineIndex()
    {
        var index = new Dictionary<(string, int), List<EscapeDecision>>();
        foreach (var d in Decisions)
        {
            var key = (SourcePaths.BaseName(d.File), d.Line);
            if (!index.TryGetValue(key, out var list))
            {
                list = [];
                index[key] = list;
            }

            list.Add(d);
        }

        return index;
    }
}

/// <summary>Positioned lines whose message shape is not known: how many, and the first few verbatim.</summary>
public sealed record UnrecognizedLines(long Count, IReadOnlyList<LogLine> Examples);
