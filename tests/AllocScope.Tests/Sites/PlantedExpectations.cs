using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>
/// What a Go performance engineer expects AllocScope to say about each planted line of examples/hotspots/plain.go:
/// kind, escape reason, the callee for library sites, and a phrase the fix must contain. Written by hand from the
/// Go code and the compiler's -m=2 output, not from AllocScope's own output.
/// </summary>
public static class PlantedExpectations
{
    public sealed record Expectation(string Marker, string File, string Kind, string Reason, string? Callee, string FixAction, string FixPhrase);

    public static readonly IReadOnlyList<Expectation> Plain =
    [
        new("map-growth", "plain.go", "map-growth", "runtime-growth", null, "presize-map", "size hint"),
        new("map-new", "plain.go", "map-new", "call-parameter", null, "reuse-map", "hoist the map out of the loop"),
        new("slice-growth", "plain.go", "slice-growth", "runtime-growth", null, "preallocate-slice", "make([]T, 0, n)"),
        new("slice-make", "plain.go", "slice-make", "returned", null, "necessary", "append-style variant"),
        new("nonconst-size", "plain.go", "nonconst-size", "non-constant-size", null, "constant-size", "constant size"),
        new("too-large", "plain.go", "too-large", "too-large-for-stack", null, "reuse-buffer", "sync.Pool"),
        new("closure", "plain.go", "closure", "captured-by-closure", null, "avoid-closure", "func literal"),
        new("interface-box", "plain.go", "interface-box", "interface-converted", null, "callee-remedy", "strconv"),
        new("string-bytes", "plain.go", "string-bytes", "call-parameter", null, "avoid-conversion", "io.WriteString"),
        new("string-concat", "plain.go", "string-concat", "address-taken", null, "use-builder", "strings.Builder"),
        new("new-object", "plain.go", "new-object", "returned", null, "co-allocate", "one []T"),
        new("library", "plain.go", "library", "none", "strings.Split", "callee-remedy", "strings.Cut"),
        new("json-decode", "config.go", "library", "none", "encoding/json.Unmarshal", "callee-remedy", "typed struct"),
    ];

    /// <summary>Checks that every planted line is among the first <paramref name="top"/> sites of a report's JSON, as expected.</summary>
    public static void AssertAllPlanted(JsonElement report, int top)
    {
        var sites = report.GetProperty("sites").EnumerateArray().Take(top).ToList();
        var failures = new List<string>();
        foreach (var e in Plain)
        {
            var plant = Plants.Find(e.File, e.Marker);
            var site = sites.FirstOrDefault(s =>
                s.GetProperty("file").GetString()!.EndsWith("/" + e.File, StringComparison.Ordinal)
                && s.GetProperty("line").GetInt64() == plant.Line
                && s.GetProperty("kind").GetString() == e.Kind);
            if (site.ValueKind == JsonValueKind.Undefined)
            {
                var atLine = sites.Where(s => s.GetProperty("line").GetInt64() == plant.Line && s.GetProperty("file").GetString()!.EndsWith("/" + e.File, StringComparison.Ordinal))
                    .Select(s => s.GetProperty("kind").GetString());
                failures.Add($"{e.Marker}: no {e.Kind} site at {e.File}:{plant.Line} among the top {top} (there: {string.Join(", ", atLine)})");
                continue;
            }

            var reason = site.GetProperty("reason").GetString();
            if (reason != e.Reason)
            {
                failures.Add($"{e.Marker}: reason {reason}, expected {e.Reason}");
            }

            var callee = site.GetProperty("callee").ValueKind == JsonValueKind.Null ? null : site.GetProperty("callee").GetString();
            if (e.Callee is not null && callee != e.Callee)
            {
                failures.Add($"{e.Marker}: callee {callee}, expected {e.Callee}");
            }

            var fixAction = site.GetProperty("fixAction").GetString();
            if (fixAction != e.FixAction)
            {
                failures.Add($"{e.Marker}: fix action {fixAction}, expected {e.FixAction}");
            }

            var fix = site.GetProperty("fix").GetString() ?? string.Empty;
            if (!fix.Contains(e.FixPhrase, StringComparison.Ordinal))
            {
                failures.Add($"{e.Marker}: fix \"{fix}\" does not say \"{e.FixPhrase}\"");
            }

            if (site.GetProperty("objects").GetInt64() <= 0 || site.GetProperty("bytes").GetInt64() <= 0)
            {
                failures.Add($"{e.Marker}: no objects or bytes");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
