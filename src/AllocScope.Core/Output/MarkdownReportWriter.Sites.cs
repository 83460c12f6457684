using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class MarkdownReportWriter
{
    private static void WriteSiteSummary(TextWriter w, SiteSummarySection s)
    {
        w.WriteLine("# Allocation sites");
        w.WriteLine();
        w.WriteLine($"Ranked by `{s.SampleType}` ({(s.Exact ? "exact: every allocation recorded" : "estimated from a sampled profile")}); total {Units.Value(s.Unit, s.Total)}.");
    }

    private static void WriteSites(TextWriter w, SitesSection section, RenderOptions options)
    {
        w.WriteLine();
        w.WriteLine("| # | value | share | kind | reason | site | objects | bytes | fix |");
        w.WriteLine("|---:|---:|---:|---|---|---|---:|---:|---|");
        var rank = 0;
        foreach (var site in options.Take(section.Sites))
        {
            rank++;
            w.WriteLine($"| {rank} | {Units.Value(section.Unit, site.Value)} | {Units.Percent(site.Value, section.Total)} | `{site.Kind.Id()}` | `{site.Reason.Id()}` | {Md(Phrases.Location(site))}<br>`{Md(site.Function)}`{Md(Phrases.Inlined(site))}{(site.Callee is null ? string.Empty : $" → `{Md(site.Callee)}`")} | {Units.Count(site.Objects)} | {Units.Bytes(site.Bytes)} | {Md(site.Fix?.Action ?? string.Empty)} |");
        }

        w.WriteLine();
        rank = 0;
        foreach (var site in options.Take(section.Sites))
        {
            rank++;
            w.WriteLine($"## {rank}. {Md(Phrases.Location(site))} — `{site.Kind.Id()}`");
            w.WriteLine();
            if (site.Statement is not null)
            {
                w.WriteLine("```go");
                w.WriteLine(site.Statement);
                w.WriteLine("```");
                w.WriteLine();
            }

            if (site.Escape is { } escape)
            {
                w.WriteLine($"Why on the heap: `{Md(escape.ToString())}`");
                w.WriteLine();
                foreach (var step in escape.Flow)
                {
                    w.WriteLine($"- `{Md(Phrases.Flow(step).Trim())}`");
                }

                w.WriteLine();
            }

            if (site.Fix is { } fix)
            {
                w.WriteLine($"Fix: {Md(fix.Action)}. Expected: {Md(fix.ExpectedEffect)}.");
                w.WriteLine();
            }

            w.WriteLine("Evidence:");
            foreach (var e in site.Evidence)
            {
                w.WriteLine($"- {Md(e.Text)}");
            }

            w.WriteLine();
        }
    }

    private static void WriteSiteDiff(TextWriter w, SiteDiffSection diff, RenderOptions options)
    {
        w.WriteLine($"# Allocation site diff: `{diff.SampleType}`");
        w.WriteLine();
        w.WriteLine($"Matched by site id (moved lines are not changes). Total: base {Units.Value(diff.Unit, diff.BaseTotal)}, new {Units.Value(diff.Unit, diff.NewTotal)}, change {Units.Signed(diff.TotalDelta)}.");
        w.WriteLine();
        w.WriteLine("| base | new | delta | status | kind | site |");
        w.WriteLine("|---:|---:|---:|---|---|---|");
        foreach (var row in options.Take(diff.Rows))
        {
            w.WriteLine($"| {Units.Integer(row.BaseValue)} | {Units.Integer(row.NewValue)} | {Units.Signed(row.Delta)} | {row.Status.Id()} | `{row.Site.Kind.Id()}` | {Md(Phrases.Location(row.Site))}<br>`{Md(row.Site.Function)}` |");
        }
    }
}
