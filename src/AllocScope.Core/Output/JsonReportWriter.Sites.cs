using System.Text.Json;
using AllocScope.EscapeLog;
using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Output;

public sealed partial class JsonReportWriter
{
    private static void WriteSiteSummary(Utf8JsonWriter j, SiteSummarySection s)
    {
        j.WriteString("sampleType", s.SampleType);
        j.WriteString("unit", s.Unit);
        j.WriteBoolean("exact", s.Exact);
        j.WriteNumber("total", s.Total);
    }

    private static void WriteSites(JsonTextSink sink, SitesSection section, RenderOptions options)
    {
        var j = sink.Json;
        j.WriteStartArray("sites");
        foreach (var site in options.Take(section.Sites))
        {
            WriteSite(j, site);
            sink.Drain();
        }

        j.WriteEndArray();
    }

    private static void WriteSite(Utf8JsonWriter j, AllocationSite site)
    {
        j.WriteStartObject();
        j.WriteString("siteId", site.Id);
        j.WriteString("function", site.Function);
        j.WriteString("file", site.File);
        j.WriteNumber("line", site.Line);
        j.WriteNumber("column", site.Column);
        j.WriteString("kind", site.Kind.Id());
        j.WriteString("reason", site.Reason.Id());
        j.WriteNumber("value", site.Value);
        j.WriteNumber("objects", site.Objects);
        j.WriteNumber("bytes", site.Bytes);
        j.WriteNumber("inuseObjects", site.InuseObjects);
        j.WriteNumber("inuseBytes", site.InuseBytes);
        j.WriteString("callee", site.Callee);
        WriteStrings(j, "inlinedInto", site.InlinedInto);
        j.WriteString("statement", site.Statement);
        j.WriteString("fix", site.Fix?.Action);
        j.WriteString("expectedEffect", site.Fix?.ExpectedEffect);
        j.WriteStartArray("evidence");
        foreach (var e in site.Evidence)
        {
            WriteEvidence(j, e);
        }

        j.WriteEndArray();
        if (site.Escape is { } escape)
        {
            j.WriteStartObject("escape");
            j.WriteString("expression", escape.Expression);
            j.WriteString("message", escape.ToString());
            j.WriteString("verdict", escape.Verdict.Id());
            j.WriteNumber("line", escape.Line);
            j.WriteNumber("column", escape.Column);
            WriteFlow(j, escape.Flow);
            j.WriteEndObject();
        }
        else
        {
            j.WriteNull("escape");
        }

        j.WriteEndObject();
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
                j.WriteString("file", e.File);
                j.WriteNumber("line", e.Line);
                j.WriteString("statement", e.Statement);
                break;
            case EscapeDecisionEvidence e:
                j.WriteString("file", e.Decision.File);
                j.WriteNumber("line", e.Decision.Line);
                j.WriteNumber("column", e.Decision.Column);
                j.WriteString("expression", e.Decision.Expression);
                j.WriteString("verdict", e.Decision.Verdict.Id());
                j.WriteString("kind", e.Decision.Kind.Id());
                j.WriteString("reason", e.Decision.Reason.Id());
                break;
            case ProfileFrameEvidence e:
                j.WriteString("function", e.Function);
                j.WriteString("role", e.RoleId);
                break;
            case RuleEvidence e:
                j.WriteString("rule", e.RuleId);
                j.WriteString("kind", e.Kind.Id());
                break;
            case MapDeclarationEvidence e:
                j.WriteString("file", e.Map.File);
                j.WriteNumber("line", e.Map.Line);
                j.WriteString("statement", e.Map.Text);
                j.WriteBoolean("hasSizeHint", e.Map.HasSizeHint);
                break;
        }

        j.WriteEndObject();
    }

    private static void WriteSiteDiff(Utf8JsonWriter j, SiteDiffSection diff, RenderOptions options)
    {
        j.WriteString("sampleType", diff.SampleType);
        j.WriteString("unit", diff.Unit);
        j.WriteNumber("baseTotal", diff.BaseTotal);
        j.WriteNumber("newTotal", diff.NewTotal);
        j.WriteNumber("delta", diff.TotalDelta);
        j.WriteStartArray("sites");
        foreach (var row in options.Take(diff.Rows))
        {
            var site = row.Site;
            j.WriteStartObject();
            j.WriteString("siteId", row.SiteId);
            j.WriteString("status", row.Status.Id());
            j.WriteNumber("base", row.BaseValue);
            j.WriteNumber("new", row.NewValue);
            j.WriteNumber("delta", row.Delta);
            j.WriteString("kind", site.Kind.Id());
            j.WriteString("function", site.Function);
            j.WriteString("file", site.File);
            j.WriteNumber("line", site.Line);
            if (row.Base is { } b)
            {
                j.WriteNumber("baseLine", b.Line);
            }

            j.WriteString("statement", site.Statement);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }
}
