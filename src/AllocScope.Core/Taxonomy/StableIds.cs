using System.Text;

namespace AllocScope.Taxonomy;

/// <summary>
/// The stable id of an enum value in every output: its name in kebab case (`MapGrowth` → `map-growth`,
/// `EscapesToHeap` → `escapes-to-heap`). Renaming an enum member therefore changes an output: the ids are part of
/// the JSON schema (docs/json-schemas.md).
/// </summary>
public static class StableIds
{
    public static string Of<T>(T value)
        where T : struct, Enum => Cache<T>.Ids.TryGetValue(value, out var id) ? id : "unknown";

    /// <summary>The value whose id is <paramref name="id"/>, else <paramref name="fallback"/>.</summary>
    public static T Parse<T>(string id, T fallback)
        where T : struct, Enum => Cache<T>.Values.TryGetValue(id, out var value) ? value : fallback;

    public static string Kebab(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static class Cache<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<T, string> Ids = Enum.GetValues<T>().ToDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly Dictionary<string, T> Values = Ids.ToDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
    }
}
