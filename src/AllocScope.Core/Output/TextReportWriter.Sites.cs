using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class TextReportWriter
{
    public void Write(TextTarget target, SiteSummarySection section) =>
        target.Out.WriteLine($"Allocation sites by {section.SampleType} ({(section.Exact ? "exact: every allocation recorded" : "estimated: unsampled from a sampled profile")}), total {Units.Value(section.Unit, section.Total)}");

    public void Write(TextTarget target, BenchmarkWorkloadSection section)
    {
        var w = target.Out;
        w.WriteLine();
        w.WriteLine(BenchmarkPhrases.Title(section.Workload));
        w.WriteLine("  (untimed = profile - B/op x ops: set-up under b.StopTimer or before b.ResetTimer, and one-time work of the first b.N=1 run such as sync.Once; set-up lines = the part the source shows)");
        foreach (var row in section.Workload.Rows)
        {
            w.WriteLine($"  {row.Benchmark}: {BenchmarkPhrases.PerOp(row)}; {BenchmarkPhrases.Ops(row)} ops");
            w.WriteLine($"      profile {Units.Bytes(row.ProfileBytes)} in {Units.Count(row.ProfileObjects)} objects; untimed {BenchmarkPhrases.Untimed(row)}; on set-up lines {BenchmarkPhrases.SetUp(row)}");
        }
    }

    public void Write(TextTarget target, LifecycleSection section)
    {
        var w = target.Out;
        var l = section.Lifecycle;
        w.WriteLine();
        w.WriteLine(LifecyclePhrases.Headline(l));
        w.WriteLine("  GC cycles each top site causes (its share of the bytes allocated x the paced cycles):");
        foreach (var share in l.Sites.Take(5))
        {
            w.WriteLine($"  {LifecyclePhrases.Row(share)}");
        }

        w.WriteLine($"  {LifecyclePhrases.Savings(l)}");
    }

    public void Write(TextTarget target, SitesSection section)
    {
        var w = target.Out;
        w.WriteLine();
        var rank = 0;
        foreach (var site in target.Options.Take(section.Sites))
        {
            rank++;
            w.WriteLine($"{rank,3}. {Units.Value(section.Unit, site.Value),9} {Units.Percent(site.Value, section.Total),6}  {site.Kind.Id(),-13} {site.Reason.Id(),-19} {Phrases.Location(site)}");
            w.WriteLine($"     {Units.Count(site.Objects)} objects, {Units.Bytes(site.Bytes)} allocated; {Units.Count(site.InuseObjects)} objects, {Units.Bytes(site.InuseBytes)} in use");
            w.WriteLine($"     in {site.Function}{Phrases.Inlined(site)}{(site.Callee is null ? string.Empty : $" -> {site.Callee}")}{Phrases.Scope(site)}");
            if (site.Statement is not null)
            {
                w.WriteLine($"     | {site.Statement}");
            }

            if (site.AllocatedType is { Length: > 0 } type)
            {
                w.WriteLine($"     allocates: {type}");
            }

            if (site.Allocators.Count > 0)
            {
                w.WriteLine($"     inside {site.Callee}:");
                w.WriteLines(site.Allocators, a => $"     {Phrases.Allocator(a, section.Unit, site.Value)}");
            }

            if (Phrases.Truncation(site, section.Unit) is { } truncation)
            {
                w.WriteLine($"     warning: {truncation}");
            }

            if (site.Escape is { } escape)
            {
                w.WriteLine($"     why: {escape}");
                w.WriteLines(escape.Flow, step => $"       {Phrases.Flow(step)}");
            }

            if (site.Fix is { } fix)
            {
                w.WriteLine($"     fix [{fix.Id.Id()}]: {fix.Action}");
                w.WriteLine($"          expected: {fix.ExpectedEffect}");
            }

            w.WriteLine();
        }
    }

    public void Write(TextTarget target, SiteDiffSection section)
    {
        var w = target.Out;
        var counts = string.Join(", ", new[] { DiffStatus.Appeared, DiffStatus.Vanished, DiffStatus.Changed }.Select(s => $"{section.Rows.Count(r => r.Status == s)} {s.Id()}"));
        w.WriteLine($"Allocation sites by {section.SampleType}, matched by site id (moved lines are not changes)");
        w.WriteLine($"Total: base {Units.Value(section.Unit, section.BaseTotal)}, new {Units.Value(section.Unit, section.NewTotal)}, change {Units.Signed(section.TotalDelta)}; {counts}");
        w.WriteLine($"{"base",12} {"new",12} {"delta",12}  {"status",-9} {"kind",-13} {"reason",-19} site");
        w.WriteLines(target.Options.Take(section.Rows), row =>
        {
            var moved = row.Base is { } b && row.New is { } n && b.Line != n.Line ? $" (was line {b.Line})" : string.Empty;
            return $"{Units.Integer(row.BaseValue),12} {Units.Integer(row.NewValue),12} {Units.Signed(row.Delta),12}  {row.Status.Id(),-9} {row.Site.Kind.Id(),-13} {row.Site.Reason.Id(),-19} {Phrases.Location(row.Site)}{moved} {row.Site.Function}";
        });
    }
}
