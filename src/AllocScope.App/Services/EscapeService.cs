using AllocScope.App.Inputs;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Taxonomy;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope escape`.</summary>
/// <param name="SummaryOnly">Only the counts and totals, without the decisions: one pass over a log file.</param>
public sealed record EscapeOptions(IReadOnlyList<string> Logs, EscapeGrouping By = EscapeGrouping.Reason, bool HeapOnly = false,
    string? Directory = null, ReportFormat Format = ReportFormat.Text, bool SummaryOnly = false);

/// <summary>Options of `allocscope escape diff`.</summary>
public sealed record EscapeDiffOptions(string OldLog, string NewLog, string? Directory = null, ReportFormat Format = ReportFormat.Text);

/// <summary>Why values are on the heap, from the compiler's escape-analysis log; and what changed between two logs.</summary>
public sealed class EscapeService
{
    public ServiceResult Run(EscapeOptions options, ServiceContext context)
    {
        var report = StreamedReport(options, context) ?? WholeReport(options, context);
        ReportOutput.Render(report, options.Format, context.Console.Out, 0);
        return ServiceResult.Success(report);
    }

    private static ReportDocument WholeReport(EscapeOptions options, ServiceContext context)
    {
        var log = EscapeLogFiles.ReadAll(options.Logs, options.Directory, context)!;
        foreach (var warning in log.Warnings)
        {
            context.Console.Error.WriteLine($"allocscope: warning: {warning}");
        }

        var decisions = options.HeapOnly ? log.Decisions.Where(d => d.Escapes) : log.Decisions;
        var totals = new EscapeTotals(options.By);
        foreach (var d in decisions)
        {
            totals.Add(d);
        }

        return Document(options, EscapeLogCounts.Of(log), totals, decisions);
    }

    /// <summary>
    /// One text log file in two passes: the first counts (summary and totals come first in every format), the second
    /// streams the decisions in log order while they are written, so memory stays that of one package (the standard
    /// library's 220 MB log: under 200 MB instead of the whole model); with <see cref="EscapeOptions.SummaryOnly"/> only the
    /// first. Null for standard input, directories and -json=0.
    /// </summary>
    private static ReportDocument? StreamedReport(EscapeOptions options, ServiceContext context)
    {
        if (options.Logs is not [var path] || path == InputFile.StandardInput || !File.Exists(path))
        {
            return null;
        }

        using var input = InputFile.Open(path, context.Limits, context.Progress.ForFile(path), context.StandardInput);
        if (input.Kind == InputKind.EscapeJsonLog)
        {
            return null;
        }

        var (scan, part) = EscapeLogScan.Run(input, options.Directory, () => new PartCounts(new EscapeTotals(options.By)), (part, package) =>
        {
            part.Inlining += package.InliningCount;
            foreach (var d in package.Decisions)
            {
                part.Decisions++;
                part.Heap += d.Escapes ? 1 : 0;
                if (!options.HeapOnly || d.Escapes)
                {
                    part.Totals.Add(d);
                }
            }
        }, keepDetail: false, cancellation: context.Cancellation);
        var counts = new EscapeLogCounts(input.Name, scan.Lines, scan.Packages, part.Decisions, part.Heap,
            part.Inlining, new UnrecognizedLines(scan.UnrecognizedCount, scan.UnrecognizedExamples), scan.ForeignCount);
        var streamed = options.SummaryOnly
            ? []
            : EscapeLogReader.EnumeratePackages(path, options.Directory, context.Limits)
                .SelectMany(p =>
                {
                    context.Cancellation.ThrowIfCancellationRequested();
                    return p.Decisions;
                })
                .Where(d => !options.HeapOnly || d.Escapes);
        return Document(options, counts, part.Totals, streamed);
    }

    private static ReportDocument Document(EscapeOptions options, EscapeLogCounts counts, EscapeTotals totals, IEnumerable<EscapeDecision> decisions) => new(
    [
        new EscapeSummarySection(counts),
        new EscapeTotalsSection(options.By, options.HeapOnly, totals.Ranked()),
        .. options.SummaryOnly ? Array.Empty<ReportSection>() : [new EscapeDecisionsSection(options.HeapOnly, decisions)],
        new UnrecognizedLinesSection(counts.Unrecognized),
    ]);

    /// <summary>What the first pass counted.</summary>
    private sealed class PartCounts(EscapeTotals totals)
    {
        public EscapeTotals Totals { get; } = totals;

        public long Decisions { get; set; }

        public long Heap { get; set; }

        public long Inlining { get; set; }
    }

    /// <summary>Decisions counted by their grouping key, most first, then by key.</summary>
    private sealed class EscapeTotals(EscapeGrouping by)
    {
        private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

        public void Add(EscapeDecision d)
        {
            var key = KeyOf(d, by);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }

        public IReadOnlyList<(string Key, long Count)> Ranked() =>
            [.. _counts.Select(kv => (kv.Key, kv.Value)).OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)];
    }

    public ServiceResult Diff(EscapeDiffOptions options, ServiceContext context)
    {
        var before = EscapeLogFiles.ReadAll([options.OldLog], options.Directory, context)!;
        var after = EscapeLogFiles.ReadAll([options.NewLog], options.Directory, context)!;
        var report = new ReportDocument([new EscapeDiffSection(before.Source, after.Source, EscapeDiff.Compare(before, after))]);
        ReportOutput.Render(report, options.Format, context.Console.Out, 0);

        // Reporting is not gating: the gate command decides what a difference means.
        return ServiceResult.Success(report);
    }

    /// <summary>The grouping key of a decision: its reason (or verdict when on the stack), kind, package, file or function.</summary>
    public static string KeyOf(EscapeDecision d, EscapeGrouping by) => by switch
    {
        EscapeGrouping.Kind => d.Kind.Id(),
        EscapeGrouping.Package => d.Package.Length > 0 ? d.Package : "(no package)",
        EscapeGrouping.File => d.File,
        EscapeGrouping.Function => d.QualifiedFunction.Length > 0 ? d.QualifiedFunction : "(unknown function)",
        _ => d.Escapes ? d.Reason.Id() : d.Verdict.Id(),
    };
}
