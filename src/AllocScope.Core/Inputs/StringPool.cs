using System.Runtime.CompilerServices;
namespace AllocScope.Inputs;

/// <summary>
/// Interns strings looked up by span, so a reader turns repeated text (file names, flow steps that recur for
/// every inlined copy) into one shared string and allocates nothing for a span it has seen before.
/// </summary>
public sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool()
    {
        _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _strings.Count;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return string.Empty;
        }

        if (_lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var created = text.ToString();
        _strings.Add(created);
        return created;
    }

    public string Get(string text) => Get(text.AsSpan());
}
