using System.Text.Json;
using AllocScope.Inputs;
using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.App.Inputs;

/// <summary>
/// Reads a site report AllocScope wrote (`report --format json`, or `sites.json` of an `analyze` folder) back into
/// sites, so two runs can be compared without their profiles. Reports from before `siteId` existed get their ids
/// computed from the same fields.
/// </summary>
public static class SavedSiteReports
{
    /// <summary>True when <paramref name="path"/> is an analyze folder with sites.json, or a JSON file (not a profile).</summary>
    public static bool IsSiteReport(string path) =>
        Directory.Exists(path) ? File.Exists(Path.Combine(path, "sites.json")) : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(path);

    public static SiteAnalysisResult Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "sites.json") : path;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file));
        }
        catch (JsonException e)
        {
            throw InputFormatException.Whole(file, $"not a site report: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sites", out var sites) || sites.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("sampleType", out var sampleType))
            {
                throw InputFormatException.Whole(file, "not a site report: expected the object `report --format json` writes, with sampleType and sites");
            }

            var list = sites.EnumerateArray().Select(s => ReadSite(s, file)).ToList();
            if (list.Any(s => s.Id.Length == 0))
            {
                SiteIdentity.Assign(list);
            }

            if (list.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw InputFormatException.Whole(file, $"not a site report of AllocScope: site id {twice.Key} appears {twice.Count()} times");
            }

            var exact = root.TryGetProperty("exact", out var e) && e.ValueKind == JsonValueKind.True;
            return new SiteAnalysisResult(sampleType.GetString() ?? "", String(root, "unit") ?? "", exact ? StackPrecision.Exact : StackPrecision.Sampled(0),
                Number(root, "total"), list, []);
        }
    }

    private static AllocationSite ReadSite(JsonElement s, string file)
    {
        if (String(s, "function") is not { } function || String(s, "file") is not { } source)
        {
            throw InputFormatException.Whole(file, "not a site report: a site without function or file");
        }

        return new AllocationSite
        {
            Id = String(s, "siteId") ?? "",
            Function = function,
            File = source,
            Line = Number(s, "line"),
            Column = Number(s, "column"),
            Kind = AllocationKinds.FromId(String(s, "kind") ?? ""),
            Reason = EscapeReasons.FromId(String(s, "reason") ?? ""),
            Value = Number(s, "value"),
            Objects = Number(s, "objects"),
            Bytes = Number(s, "bytes"),
            InuseObjects = Number(s, "inuseObjects"),
            InuseBytes = Number(s, "inuseBytes"),
            Callee = String(s, "callee"),
            Statement = String(s, "statement"),
        };
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : 0;
}
