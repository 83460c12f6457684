using System.Text.Json;

namespace AllocScope.Tests.Corpus;

/// <summary>
/// Judgements that must hold on any code, in the corpus or not: growth is not an escape, a pointer converted to an
/// interface does not allocate, no fix changes an exported signature or an object's identity, every row says its
/// type and a fix action.
/// </summary>
public static class SiteRules
{
    private static readonly HashSet<string> s_allocatingKinds =
        ["map-growth", "map-new", "slice-growth", "slice-make", "nonconst-size", "too-large", "closure", "interface-box", "string-bytes", "string-concat", "new-object"];

    private static readonly string[] s_placeholders = ["{callee}", "{target}", "{expr}", "{map}", "{mapText}", "{function}", "{type}"];

    /// <summary>Every rule broken by a site of the report, one line each; empty when all hold.</summary>
    public static List<string> Broken(JsonElement report)
    {
        var broken = new List<string>();
        foreach (var site in report.GetProperty("sites").EnumerateArray())
        {
            var name = $"{site.GetProperty("function").GetString()} {StandardLibraryCorpus.Place(site)}";
            var kind = site.GetProperty("kind").GetString()!;
            var reason = site.GetProperty("reason").GetString()!;
            var fixAction = site.GetProperty("fixAction").GetString();
            var fix = site.GetProperty("fix").GetString() ?? "";
            var type = site.GetProperty("allocatedType").ValueKind == JsonValueKind.String ? site.GetProperty("allocatedType").GetString()! : null;
            var escape = site.GetProperty("escape");
            var function = site.GetProperty("function").GetString()!;

            if (kind is "slice-growth" or "map-growth" && reason == "non-constant-size"
                && (escape.ValueKind != JsonValueKind.Object || escape.GetProperty("line").GetInt64() != site.GetProperty("line").GetInt64()))
            {
                broken.Add($"{name}: {kind} says non-constant-size without a decision at that position (growth happens in the runtime)");
            }

            if (reason == "interface-converted" && (IsPointerShaped(type) || (escape.ValueKind == JsonValueKind.Object && escape.GetProperty("expression").GetString()!.StartsWith('&'))))
            {
                broken.Add($"{name}: interface-converted on a pointer-shaped value ({type}), which an interface holds without allocating");
            }

            if (fixAction is null || fix.Length == 0 || s_placeholders.Any(p => fix.Contains(p, StringComparison.Ordinal)))
            {
                broken.Add($"{name}: no fix action or an unfilled fix (\"{fix}\")");
            }

            if (fix.Contains("return the value instead of a pointer", StringComparison.OrdinalIgnoreCase))
            {
                broken.Add($"{name}: a fix that changes a signature (\"{fix}\")");
            }

            if (reason == "returned" && IsExported(function) && kind is "new-object" or "slice-make" or "nonconst-size" or "map-new" or "too-large" && fixAction != "necessary")
            {
                broken.Add($"{name}: the exported {function} returns it; anything but necessary changes its API ({fixAction})");
            }

            if (kind == "new-object" && reason is "returned" or "stored-in-heap" && fixAction == "keep-on-stack")
            {
                broken.Add($"{name}: a returned or stored object cannot be kept on the stack: its identity is the code's");
            }

            if (s_allocatingKinds.Contains(kind) && string.IsNullOrEmpty(type))
            {
                broken.Add($"{name}: {kind} row without its allocated type");
            }
        }

        return broken;
    }

    private static bool IsPointerShaped(string? type) =>
        type is not null && (type.StartsWith('*') || type.StartsWith("map[", StringComparison.Ordinal) || type.StartsWith("chan ", StringComparison.Ordinal)
            || type.StartsWith("func(", StringComparison.Ordinal));

    /// <summary>Whether a Go function symbol (`pkg.F`, `pkg.(*T).M`, `pkg.T.M`) is exported: its name and any receiver type.</summary>
    public static bool IsExported(string function)
    {
        var slash = function.LastIndexOf('/');
        var local = function[(function.IndexOf('.', slash + 1) + 1)..];
        var parts = local.Replace("(*", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal).Split('.');
        return parts.Length <= 2 && parts.All(p => p.Length > 0 && char.IsUpper(p[0]));
    }
}
