using System.Reflection;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// What each fix says, kept as data (fixes.tsv beside this file, embedded in the assembly) so all the advice can be
/// read and reviewed in one place; <see cref="FixAdvisor"/> decides which applies.
/// </summary>
internal static class FixCatalog
{
    private static readonly Lazy<IReadOnlyList<Entry>> s_entries = new(Load);

    /// <summary>The text of a fix action for a kind and variant, placeholders filled in.</summary>
    public static (string Action, string Effect) Text(FixAction action, AllocationKind kind, string variant, IReadOnlyDictionary<string, string> values)
    {
        var id = action.Id();
        var entry = s_entries.Value.FirstOrDefault(e => e.Action == id && (e.Kind == "*" || e.Kind == kind.Id()) && (e.Variant == "*" || e.Variant == variant))
            ?? throw new InvalidOperationException($"fixes.tsv has no text for {id} / {kind.Id()} / {variant}");
        return (Fill(entry.Text, values), Fill(entry.Effect, values));
    }

    private static string Fill(string text, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            text = text.Replace("{" + key + "}", value, StringComparison.Ordinal);
        }

        return text;
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
            if (columns.Length != 5)
            {
                throw new InvalidOperationException($"fixes.tsv: malformed line: {line}");
            }

            entries.Add(new Entry(columns[0], columns[1], columns[2], columns[3], columns[4]));
        }

        return entries;
    }

    private sealed record Entry(string Action, string Kind, string Variant, string Text, string Effect);
}
