using System.Numerics;

namespace AllocScope.Pprof;

/// <summary>
/// Distinct stacks of ids stored one after the other (<see cref="RunStore{T}"/>) and numbered as they arrive: a stack
/// seen before (looked up by a span over the caller's reused buffer) costs no allocation, a new one no array of its own.
/// Readers keep hundreds of thousands of distinct 32-frame stacks; one array each was most of their memory. Ids are 32
/// bits (the reader narrows wider ones): the table is most of the proto reader's memory and of its page faults.
/// </summary>
internal sealed class StackTable
{
    private readonly RunStore<uint> _runs = new();
    private readonly HashSet<int> _index;

    public StackTable() => _index = new HashSet<int>(new Comparer(this));

    public int Count => _runs.Count;

    /// <summary>The ids of stack <paramref name="stack"/>.</summary>
    public ReadOnlySpan<uint> this[int stack] => _runs[stack];

    /// <summary>The ids of stack <paramref name="stack"/>, for views that cannot hold a span.</summary>
    public ArraySegment<uint> Segment(int stack) => _runs.Segment(stack);

    /// <summary>The number of the stack equal to <paramref name="ids"/>; <paramref name="added"/> when it is new.</summary>
    public int Intern(ReadOnlySpan<uint> ids, out bool added)
    {
        if (_index.GetAlternateLookup<ReadOnlySpan<uint>>().TryGetValue(ids, out var stack))
        {
            added = false;
            return stack;
        }

        stack = _runs.Add(ids);
        _index.Add(stack);
        added = true;
        return stack;
    }

    private sealed class Comparer(StackTable table) : IEqualityComparer<int>, IAlternateEqualityComparer<ReadOnlySpan<uint>, int>
    {
        public bool Equals(int x, int y) => x == y || table[x].SequenceEqual(table[y]);

        public int GetHashCode(int stack) => StackHash.Of(table[stack]);

        public bool Equals(ReadOnlySpan<uint> alternate, int other) => alternate.SequenceEqual(table[other]);

        public int GetHashCode(ReadOnlySpan<uint> alternate) => StackHash.Of(alternate);

        public int Create(ReadOnlySpan<uint> alternate) => throw new NotSupportedException("stacks are added by Intern");
    }
}

/// <summary>The hash of a stack's ids, added one by one (so a stack stored in another form hashes the same).</summary>
internal struct StackHash
{
    private ulong _h;

    public void Add(ulong id) => _h = BitOperations.RotateLeft(_h + (id * 0x9E3779B97F4A7C15UL), 27) * 0x94D049BB133111EBUL;

    public readonly int Value => (int)(_h ^ (_h >> 32));

    public static int Of(ReadOnlySpan<ulong> ids)
    {
        var hash = new StackHash();
        foreach (var id in ids)
        {
            hash.Add(id);
        }

        return hash.Value;
    }

    public static int Of(ReadOnlySpan<uint> ids)
    {
        var hash = new StackHash();
        foreach (var id in ids)
        {
            hash.Add(id);
        }

        return hash.Value;
    }
}
