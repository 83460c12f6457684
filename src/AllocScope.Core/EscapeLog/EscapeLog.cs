namespace AllocScope.EscapeLog;

/// <summary>
/// Everything read from one or more compiler optimization logs (-m, -m=2 text or -json=0): escape decisions with
/// their explanations, inlining decisions, other recognised notes, and the lines that were not compiler
/// diagnostics (kept aside) or had an unknown shape (counted, with examples).
/// </summary>
public sealed class EscapeLog
{
    private Dictionary<(string BaseName, int Line), List<EscapeDecision>>? _byLine;

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

    /// <summary>How many foreign lines there were in all.</summary>
    public long ForeignLineCount { get; init; }

    /// <summary>The decisions that put something on the heap.</summary>
    public IEnumerable<EscapeDecision> HeapDecisions => Decisions.Where(d => d.Escapes);

    /// <summary>
    /// Decisions at a source line, for joining with profiles: the file matches when it is the same path or one
    /// ends with the other on a `/` boundary (profiles print absolute or -trimpath module paths, the log `./x.go`
    /// relative to where `go` ran). Matches on the resolved full path are preferred when there are any.
    /// </summary>
    public IReadOnlyList<EscapeDecision> DecisionsAt(string file, int line)
    {
        _byLine ??= BuildLineIndex();
        if (!_byLine.TryGetValue((SourcePosition.BaseName(file), line), out var candidates))
        {
            return [];
        }

        var exact = candidates.Where(d => d.FullPath is not null && SourcePosition.SameFile(d.FullPath, file)).ToList();
        if (exact.Count > 0)
        {
            return exact;
        }

        return candidates.Where(d => SourcePosition.SameFile(d.File, file) || (d.FullPath is not null && SourcePosition.SameFile(d.FullPath, file))).ToList();
    }

    /// <summary>Several logs as one (e.g. one per package or per build), in the order given.</summary>
    public static EscapeLog Combine(IReadOnlyList<EscapeLog> logs)
    {
        if (logs.Count == 1)
        {
            return logs[0];
        }

        return new EscapeLog
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
        };
    }

    private Dictionary<(string, int), List<EscapeDecision>> BuildLineIndex()
    {
        var index = new Dictionary<(string, int), List<EscapeDecision>>();
        foreach (var d in Decisions)
        {
            var key = (SourcePosition.BaseName(d.File), d.Line);
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
