using System.Reflection;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// The fixes that depend only on a site's kind, its escape reason and its callee, kept as data (fixes.tsv beside this
/// file, embedded in the assembly) so that all the advice can be read and reviewed in one place.
/// </summary>
internal static class FixCatalog
{
    private static readonly Lazy<IReadOnlyList<Entry>> s_entries = new(Load);

    /// <summary>The first entry for the kind whose condition holds, or null.</summary>
    public static Fix? Find(AllocationKind kind, EscapeReason reason, string? callee)
    {
        foreach (var e in s_entries.Value)
        {
            if (e.Kind == kind && e.Holds(reason, callee ?? string.Empty))
            {
                return new Fix(e.Action.Replace("{0}", callee, StringComparison.Ordinal), e.Effect.Replace("{0}", callee, StringComparison.Ordinal));
            }
        }

        return null;
    }

    private static List<Entry> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("AllocScope.Sites.fixes.tsv")
            ?? throw new InvalidOperationException("the fix catalogue fixes.tsv is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        var entries = new List<Entry>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 4 || StableIds.Parse(columns[0], AllocationKind.Unknown) is var kind && kind == AllocationKind.Unknown)
            {
                throw new InvalidOperationException($"fixes.tsv: malformed line: {line}");
            }

            entries.Add(new Entry(kind, columns[1], columns[2], columns[3]));
        }

        return entries;
    }

    private sealed record Entry(AllocationKind Kind, string When, string Action, string Effect)
    {
        public bool Holds(EscapeReason reason, string callee) => When switch
        {
            "" => true,
            "returned" => reason == EscapeReason.Returned,
            "otherwise" => reason != EscapeReason.Returned,
            _ when When.StartsWith("callee=", StringComparison.Ordinal) => When["callee=".Length..].Split('|').Contains(callee),
            _ when When.StartsWith("callee^=", StringComparison.Ordinal) => When["callee^=".Length..].Split('|').Any(p => callee.StartsWith(p, StringComparison.Ordinal)),
            _ => throw new InvalidOperationException($"fixes.tsv: unknown condition {When}"),
        };
    }
}
