using System.Numerics;

namespace AllocScope.Pprof;

/// <summary>
/// Distinct stacks of ids stored one after the other in one growing buffer and numbered as they arrive: a stack seen
/// before (looked up by a span over the caller's reused buffer) costs no allocation, a new one no array of its own.
/// Readers keep hundreds of thousands of distinct 32-frame stacks; one array each was most of their memory. Ids are 32
/// bits (the reader narrows wider ones): the table is most of the proto reader's memory and of its page faults.
/// </summary>
internal sealed class StackTable
{
    // Fixed-size blocks rather than one list: growing a 100 MB list would copy it and hold both copies at once.
    private const int BlockIds = 1 << 20;
    private readonly List<uint[]> _blocks = [];
    private readonly List<long> _where = [];
    private readonly List<int> _lengths = [];
    private readonly HashSet<int> _index;
    private int _used;

    public StackTable() => _index = new HashSet<int>(new Comparer(this));

    public int Count => _lengths.Count;

    /// <summary>The ids of stack <paramref name="stack"/>.</summary>
    public ReadOnlySpan<uint> this[int stack]
    {
        get
        {
            var where = _where[stack];
            return _blocks[(int)(where >> 32)].AsSpan((int)where, _lengths[stack]);
        }
    }

    /// <summary>The id at <paramref name="index"/> of stack <paramref name="stack"/> (for views that cannot hold a span).</summary>
    public uint At(int stack, int index) => this[stack][index];

    public int Length(int stack) => _lengths[stack];

    /// <summary>The number of the stack equal to <paramref name="ids"/>; <paramref name="added"/> when it is new.</summary>
    public int Intern(ReadOnlySpan<uint> ids, out bool added)
    {
        if (_index.GetAlternateLookup<ReadOnlySpan<uint>>().TryGetValue(ids, out var stack))
        {
            added = false;
            return stack;
        }

        if (_blocks.Count == 0 || _used + ids.Length > _blocks[^1].Length)
        {
            _blocks.Add(new uint[Math.Max(BlockIds, ids.Length)]);
            _used = 0;
        }

        ids.CopyTo(_blocks[^1].AsSpan(_used));
        stack = Count;
        _where.Add(((long)(_blocks.Count - 1) << 32) | (uint)_used);
        _lengths.Add(ids.Length);
        _used += ids.Length;
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
