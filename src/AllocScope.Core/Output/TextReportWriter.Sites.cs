using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class TextReportWriter
{
    private static void WriteSiteSummary(TextWriter w, SiteSummarySection s) =>
        w.WriteLine($"Allocation sites by {s.SampleType} ({(s.Exact ? "exact: every allocation recorded" : "estimated: unsampled from a sampled profile")}), total {Units.Value(s.Unit, s.Total)}");

    private static void WriteSites(TextWriter w, SitesSection section, RenderOptions options)
    {
        w.WriteLine();
        var rank = 0;
        foreach (var site in options.Take(section.Sites))
        {
            rank++;
            var share = Units.Percent(site.Value, section.Total);
            w.WriteLine($"{rank,3}. {Units.Value(section.Unit, site.Value),9} {share,6}  {Kind(site.Kind),-13} {site.Reason.Id(),-19} {Phrases.Location(site)}");
            w.WriteLine($"     {Units.Count(site.Objects)} objects, {Units.Bytes(site.Bytes)} allocated; {Units.Count(site.InuseObjects)} objects, {Units.Bytes(site.InuseBytes)} in use");
            w.WriteLine($"     in {site.Function}{Phrases.Inlined(site)}{(site.Callee is null ? string.Empty : $" -> {site.Callee}")}");
            if (site.Statement is not null)
            {
                w.WriteLine($"     | {site.Statement}");
            }

            if (site.Escape is { } escape)
            {
                w.WriteLine($"     why: {escape}");
                foreach (var step in escape.Flow)
                {
                    w.WriteLine($"       {Phrases.Flow(step)}");
                }
            }

            if (site.Fix is { } fix)
            {
                w.WriteLine($"     fix: {fix.Action}");
                w.WriteLine($"          expected: {fix.ExpectedEffect}");
            }

            w.WriteLine();
        }
    }

    private static void WriteSiteDiff(TextWriter w, SiteDiffSection diff, RenderOptions options)
    {
        w.WriteLine($"Allocation sites by {diff.SampleType}, matched by site id (moved lines are not changes)");
        w.WriteLine($"Total: base {Units.Value(diff.Unit, diff.BaseTotal)}, new {Units.Value(diff.Unit, diff.NewTotal)}, change {Units.Signed(diff.TotalDelta)}; "
            + $"{diff.Rows.Count(r => r.Status == DiffStatus.Appeared)} appeared, {diff.Rows.Count(r => r.Status == DiffStatus.Vanished)} vanished, "
            + $"{diff.Rows.Count(r => r.Status == DiffStatus.Changed)} changed");
        w.WriteLine($"{"base",12} {"new",12} {"delta",12}  {"status",-9} {"kind",-13} site");
        foreach (var row in options.Take(diff.Rows))
        {
            var site = row.Site;
            var moved = row.Base is { } b && row.New is { } n && b.Line != n.Line ? $" (was line {b.Line})" : string.Empty;
            w.WriteLine($"{Units.Integer(row.BaseValue),12} {Units.Integer(row.NewValue),12} {Units.Signed(row.Delta),12}  {row.Status.Id(),-9} {Kind(site.Kind),-13} {Phrases.Location(site)}{moved} {site.Function}");
        }
    }
}
