using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class MarkdownReportWriter
{
    public void Write(TextTarget target, SiteSummarySection section)
    {
        target.Out.WriteLine("# Allocation sites");
        target.Out.WriteLine();
        target.Out.WriteLine($"Ranked by `{section.SampleType}` ({(section.Exact ? "exact: every allocation recorded" : "estimated from a sampled profile")}); total {Units.Value(section.Unit, section.Total)}.");
    }

    public void Write(TextTarget target, BenchmarkWorkloadSection section)
    {
        var w = target.Out;
        w.WriteLine();
        w.WriteLine($"## {BenchmarkPhrases.Title(section.Workload)}");
        w.WriteLine();
        w.WriteLine("Untimed = profile − B/op × ops: set-up under `b.StopTimer` or before `b.ResetTimer`, and one-time work of the first `b.N=1` run (`sync.Once`, lazy caches); set-up lines = the part the source shows.");
        w.WriteLine();
        w.WriteTable("benchmark | go test | ops | profile bytes | untimed | on set-up lines", "---|---|---:|---:|---:|---:", section.Workload.Rows, row =>
            $"`{row.Benchmark}` | {BenchmarkPhrases.PerOp(row)} | {BenchmarkPhrases.Ops(row)} | {Units.Bytes(row.ProfileBytes)} | {BenchmarkPhrases.Untimed(row)} | {BenchmarkPhrases.SetUp(row)}");
    }

    public void Write(TextTarget target, LifecycleSection section)
    {
        var w = target.Out;
        var l = section.Lifecycle;
        w.WriteLine();
        w.WriteLine("## Memory lifecycle");
        w.WriteLine();
        w.WriteLine($"{Md(LifecyclePhrases.Headline(l))}.");
        w.WriteLine();
        w.WriteTable("GC cycles caused | kind | site | bytes | fix", "---:|---|---|---:|---", l.Sites.Take(5), s =>
            $"{LifecyclePhrases.Cycles(s.Cycles)} | `{s.Site.Kind.Id()}` | {Md(Phrases.Location(s.Site))} | {Units.Bytes(s.Site.Bytes)} | {(s.Site.Fix is { } f ? $"`{f.Id.Id()}`" : "")}");
        w.WriteLine();
        w.WriteLine($"{LifecyclePhrases.Savings(l)}.");
    }

    public void Write(TextTarget target, SitesSection section)
    {
        var w = target.Out;
        var sites = target.Options.Take(section.Sites).ToList();
        w.WriteLine();
        w.WriteTable("# | value | share | kind | reason | site | objects | bytes | fix", "---:|---:|---:|---|---|---|---:|---:|---", sites.Select((site, i) => (site, rank: i + 1)), r =>
            $"{r.rank} | {Units.Value(section.Unit, r.site.Value)} | {Units.Percent(r.site.Value, section.Total)} | `{r.site.Kind.Id()}` | `{r.site.Reason.Id()}` | {SiteCell(r.site)} | {Units.Count(r.site.Objects)} | {Units.Bytes(r.site.Bytes)} | {(r.site.Fix is { } f ? $"`{f.Id.Id()}` " : string.Empty)}{Md(r.site.Fix?.Action ?? string.Empty)}");
        w.WriteLine();
        for (var i = 0; i < sites.Count; i++)
        {
            WriteDetail(w, i + 1, sites[i], section.Unit);
        }
    }

    public void Write(TextTarget target, SiteDiffSection section)
    {
        target.Out.WriteLine($"# Allocation site diff: `{section.SampleType}`");
        target.Out.WriteLine();
        target.Out.WriteLine($"Matched by site id (moved lines are not changes). Total: base {Units.Value(section.Unit, section.BaseTotal)}, new {Units.Value(section.Unit, section.NewTotal)}, change {Units.Signed(section.TotalDelta)}.");
        target.Out.WriteLine();
        target.Out.WriteTable("base | new | delta | status | kind | reason | site", "---:|---:|---:|---|---|---|---", target.Options.Take(section.Rows), row =>
            $"{Units.Integer(row.BaseValue)} | {Units.Integer(row.NewValue)} | {Units.Signed(row.Delta)} | {row.Status.Id()} | `{row.Site.Kind.Id()}` | `{row.Site.Reason.Id()}` | {Md(Phrases.Location(row.Site))}<br>`{Md(row.Site.Function)}`");
    }

    private static string SiteCell(Sites.AllocationSite site) =>
        $"{Md(Phrases.Location(site))}<br>`{Md(site.Function)}`{Md(Phrases.Inlined(site))}{(site.Callee is null ? string.Empty : $" → `{Md(site.Callee)}`")}";

    private static void WriteDetail(TextWriter w, int rank, Sites.AllocationSite site, string unit)
    {
        w.WriteLine($"## {rank}. {Md(Phrases.Location(site))} — `{site.Kind.Id()}`");
        w.WriteLine();
        if (site.Statement is not null)
        {
            w.WriteLine("```go");
            w.WriteLine(site.Statement);
            w.WriteLine("```");
            w.WriteLine();
        }

        if (site.AllocatedType is { Length: > 0 } type)
        {
            w.WriteLine($"Allocates `{Md(type)}`.");
            w.WriteLine();
        }

        if (site.Allocators.Count > 0)
        {
            w.WriteLine($"Inside `{Md(site.Callee ?? string.Empty)}`:");
            w.WriteLines(site.Allocators, a => $"- `{Md(Phrases.Allocator(a, unit, site.Value).Trim())}`");
            w.WriteLine();
        }

        if (Phrases.Truncation(site, unit) is { } truncation)
        {
            w.WriteLine($"> Warning: {Md(truncation)}.");
            w.WriteLine();
        }

        if (site.Escape is { } escape)
        {
            w.WriteLine($"Why on the heap: `{Md(escape.ToString())}`");
            w.WriteLine();
            w.WriteLines(escape.Flow, step => $"- `{Md(Phrases.Flow(step).Trim())}`");
            w.WriteLine();
        }

        if (site.Fix is { } fix)
        {
            w.WriteLine($"Fix (`{fix.Id.Id()}`): {Md(fix.Action)}. Expected: {Md(fix.ExpectedEffect)}.");
            w.WriteLine();
        }

        w.WriteLine("Evidence:");
        w.WriteLines(site.Evidence, e => $"- {Md(e.Text)}");
        w.WriteLine();
    }
}
