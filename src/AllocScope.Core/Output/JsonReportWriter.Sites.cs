using System.Text.Json;
using AllocScope.EscapeLog;
using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class JsonReportWriter
{
    public void Write(JsonTarget target, SiteSummarySection section)
    {
        var j = target.Json;
        j.WriteString("sampleType", section.SampleType);
        j.WriteString("unit", section.Unit);
        j.WriteBoolean("exact", section.Exact);
        j.WriteNumber("total", section.Total);
        j.WriteStartObject("hidden");
        foreach (var (scope, value) in section.Hidden.OrderBy(kv => kv.Key))
        {
            j.WriteNumber(scope.Id(), value);
        }

        j.WriteEndObject();
    }

    public void Write(JsonTarget target, LifecycleSection section)
    {
        var j = target.Json;
        var l = section.Lifecycle;
        j.WriteStartObject("lifecycle");
        j.WriteString("source", l.Run.Source);
        j.WriteNumber("gcCycles", l.Run.Cycles);
        j.WriteNumber("forcedCycles", l.Run.ForcedCycles);
        j.WriteNumber("allocatedBytes", l.AllocatedBytes);
        j.WriteNumber("bytesPerPacedCycle", Math.Round(l.BytesPerCycle));
        WriteOptional(j, "inferredGogc", l.Run.InferredGogc);
        target.WriteObjects("sites", l.Sites, (j, s) =>
        {
            j.WriteString("siteId", s.Site.Id);
            j.WriteNumber("cycles", Math.Round(s.Cycles, 3));
        });
        j.WriteNumber("topSiteSavesCycles", Math.Round(l.TopSiteSavesCycles, 3));
        j.WriteNumber("fixesSaveCycles", Math.Round(l.FixesSaveCycles, 3));
        j.WriteEndObject();
    }

    public void Write(JsonTarget target, BenchmarkWorkloadSection section)
    {
        var j = target.Json;
        j.WriteStartObject("benchmarks");
        j.WriteString("benchtime", section.Workload.BenchTime);
        target.WriteObjects("rows", section.Workload.Rows, (j, row) =>
        {
            j.WriteString("benchmark", row.Benchmark);
            target.WriteObjects("results", row.Results, (j, r) =>
            {
                j.WriteString("name", r.Name);
                j.WriteNumber("runs", r.Runs);
                j.WriteNumber("iterations", r.Iterations);
                j.WriteNumber("nsPerOp", r.NsPerOp);
                WriteOptional(j, "bytesPerOp", r.BytesPerOp);
                WriteOptional(j, "allocsPerOp", r.AllocsPerOp);
            });
            j.WriteNumber("profileBytes", row.ProfileBytes);
            j.WriteNumber("profileObjects", row.ProfileObjects);
            j.WriteNumber("setUpBytes", row.SetUpBytes);
            WriteOptional(j, "ops", row.Ops);
            WriteOptional(j, "timedBytes", row.TimedBytes);
            WriteOptional(j, "untimedBytes", row.UntimedBytes);
        });
        j.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter j, string name, double? value)
    {
        if (value is { } v)
        {
            j.WriteNumber(name, v);
        }
        else
        {
            j.WriteNull(name);
        }
    }

    public void Write(JsonTarget target, SitesSection section) => target.WriteObjects("sites", target.Options.Take(section.Sites), WriteSite);

    public void Write(JsonTarget target, SiteDiffSection section)
    {
        WriteTotals(target.Json, section.SampleType, section.Unit, section.BaseTotal, section.NewTotal);
        target.WriteObjects("sites", target.Options.Take(section.Rows), (j, row) =>
        {
            var site = row.Site;
            j.WriteString("siteId", row.SiteId);
            j.WriteString("status", row.Status.Id());
            j.WriteNumber("base", row.BaseValue);
            j.WriteNumber("new", row.NewValue);
            j.WriteNumber("delta", row.Delta);
            j.WriteString("kind", site.Kind.Id());
            j.WriteString("reason", site.Reason.Id());
            WriteFrame(j, site.Function, site.File, site.Line);
            if (row.Base is { } b)
            {
                j.WriteNumber("baseLine", b.Line);
            }

            j.WriteString("statement", site.Statement);
        });
    }

    private static void WriteSite(Utf8JsonWriter j, AllocationSite site)
    {
        j.WriteString("siteId", site.Id);
        WriteFrame(j, site.Function, site.File, site.Line);
        j.WriteNumber("column", site.Column);
        j.WriteString("scope", site.Scope.Id());
        WriteKindReason(j, site.Kind, site.Reason);
        WriteAmounts(j, site);
        j.WriteString("callee", site.Callee);
        WriteStrings(j, "inlinedInto", site.InlinedInto);
        j.WriteString("statement", site.Statement);
        j.WriteString("allocatedType", site.AllocatedType);
        j.WriteNumber("truncatedValue", site.TruncatedValue);
        j.WriteStartArray("allocators");
        foreach (var a in site.Allocators)
        {
            WriteAllocator(j, a);
        }

        j.WriteEndArray();
        if (site.PerOp is { } op)
        {
            j.WriteStartObject("perOp");
            j.WriteString("benchmark", op.Benchmark);
            j.WriteNumber("objects", Math.Round(op.Objects, 3));
            j.WriteNumber("bytes", Math.Round(op.Bytes, 1));
            j.WriteEndObject();
        }
        else
        {
            j.WriteNull("perOp");
        }

        j.WriteString("fixAction", site.Fix?.Id.Id());
        j.WriteString("fix", site.Fix?.Action);
        j.WriteString("expectedEffect", site.Fix?.ExpectedEffect);
        j.WriteStartArray("evidence");
        foreach (var e in site.Evidence)
        {
            WriteEvidence(j, e);
        }

        j.WriteEndArray();
        if (site.Escape is not { } escape)
        {
            j.WriteNull("escape");
            return;
        }

        j.WriteStartObject("escape");
        j.WriteString("expression", escape.Expression);
        j.WriteString("message", escape.ToString());
        j.WriteString("verdict", escape.Verdict.Id());
        WriteLineColumn(j, escape.Line, escape.Column);
        WriteFlow(j, escape.Flow);
        j.WriteEndObject();
    }

    /// <summary>A statement inside the dependency of a library row, with its share of the row.</summary>
    private static void WriteAllocator(Utf8JsonWriter j, Allocator a)
    {
        j.WriteStartObject();
        WriteFrame(j, a.Function, a.File, a.Line);
        j.WriteString("runtimeFrame", a.RuntimeFrame);
        j.WriteString("kind", a.Kind.Id());
        j.WriteString("allocatedType", a.AllocatedType);
        j.WriteString("statement", a.Statement);
        j.WriteNumber("value", a.Value);
        j.WriteNumber("objects", a.Objects);
        j.WriteNumber("bytes", a.Bytes);
        j.WriteEndObject();
    }

    /// <summary>The site's value of the ranking type, and its four heap counts.</summary>
    private static void WriteAmounts(Utf8JsonWriter j, AllocationSite site)
    {
        j.WriteNumber("value", site.Value);
        j.WriteNumber("objects", site.Objects);
        j.WriteNumber("bytes", site.Bytes);
        j.WriteNumber("inuseObjects", site.InuseObjects);
        j.WriteNumber("inuseBytes", site.InuseBytes);
    }

    /// <summary>An evidence object: its `type` and `text`, then the fields of that type (docs/json-schemas.md).</summary>
    private static void WriteEvidence(Utf8JsonWriter j, SiteEvidence evidence)
    {
        j.WriteStartObject();
        j.WriteString("type", evidence.Type);
        j.WriteString("text", evidence.Text);
        switch (evidence)
        {
            case SourceLineEvidence e:
                WritePlace(j, e.File, e.Line);
                j.WriteString("statement", e.Statement);
                break;
            case EscapeDecisionEvidence { Decision: var d }:
                j.WriteString("file", d.File);
                WriteLineColumn(j, d.Line, d.Column);
                j.WriteString("expression", d.Expression);
                j.WriteString("verdict", d.Verdict.Id());
                WriteKindReason(j, d.Kind, d.Reason);
                break;
            case ProfileFrameEvidence e:
                j.WriteString("function", e.Function);
                j.WriteString("role", e.RoleId);
                break;
            case RuleEvidence e:
                j.WriteString("rule", e.RuleId);
                j.WriteString("kind", e.Kind.Id());
                break;
            case MapDeclarationEvidence { Map: var map }:
                WritePlace(j, map.File, map.Line);
                j.WriteString("statement", map.Text);
                j.WriteBoolean("hasSizeHint", map.HasSizeHint);
                break;
        }

        j.WriteEndObject();
    }

    private static void WritePlace(Utf8JsonWriter j, string file, long line)
    {
        j.WriteString("file", file);
        j.WriteNumber("line", line);
    }
}
