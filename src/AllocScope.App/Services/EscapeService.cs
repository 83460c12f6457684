using AllocScope.App.Inputs;
using AllocScope.EscapeLog;
using AllocScope.Taxonomy;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope escape`.</summary>
public sealed record EscapeOptions(IReadOnlyList<string> Logs, EscapeGrouping By = EscapeGrouping.Reason, bool HeapOnly = false,
    string? Directory = null, ReportFormat Format = ReportFormat.Text);

/// <summary>Options of `allocscope escape diff`.</summary>
public sealed record EscapeDiffOptions(string OldLog, string NewLog, string? Directory = null, ReportFormat Format = ReportFormat.Text);

/// <summary>Why values are on the heap, from the compiler's escape-analysis log; and what changed between two logs.</summary>
public sealed class EscapeService
{
    public ServiceResult Run(EscapeOptions options, ServiceContext context)
    {
        var log = EscapeLogFiles.ReadAll(options.Logs, options.Directory, context)!;
        var decisions = options.HeapOnly ? log.Decisions.Where(d => d.Escapes) : log.Decisions;
        var totals = decisions.GroupBy(d => KeyOf(d, options.By)).Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(t => t.Item2).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
        var report = new ReportDocument(
        [
            new EscapeSummarySection(log),
            new EscapeTotalsSection(options.By, options.HeapOnly, totals),
            new EscapeDecisionsSection(options.HeapOnly, decisions),
            new UnrecognizedLinesSection(log.Unrecognized),
        ]);
        ReportOutput.Render(report, options.Format, context.Console.Out, 0);
        return ServiceResult.Success(report);
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
