namespace AllocScope.Pprof;

/// <summary>
/// Runs of values (stacks of ids, a record's values) stored one after the other in fixed-size blocks and numbered as
/// they are added; each run is contiguous (one that does not fit the current block starts the next). Readers keep
/// millions of short runs: one array each, or one list doubled as it grows (every doubling a new large array, zeroed,
/// faulted in and copied into), was most of their memory traffic.
/// </summary>
internal sealed class RunStore<T>
    where T : unmanaged
{
    private const int BlockLength = 1 << 20;
    private readonly List<T[]> _blocks = [];
    private readonly List<long> _where = [];
    private readonly List<int> _lengths = [];
    private int _used;

    public int Count => _lengths.Count;

    /// <summary>Run <paramref name="run"/> (valid until the store is dropped; runs never move).</summary>
    public Span<T> this[int run] => Segment(run).AsSpan();

    /// <summary>Run <paramref name="run"/> as an array segment, for views kept on the heap that cannot hold a span.</summary>
    public ArraySegment<T> Segment(int run)
    {
        var where = _where[run];
        return new ArraySegment<T>(_blocks[(int)(where >> 32)], (int)where, _lengths[run]);
    }

    /// <summary>Adds a copy of <paramref name="values"/> as the next run; its number.</summary>
    public int Add(ReadOnlySpan<T> values)
    {
        if (_blocks.Count == 0 || _used + values.Length > _blocks[^1].Length)
        {
            // Not zeroed: every element is written before it is read.
            _blocks.Add(GC.AllocateUninitializedArray<T>(Math.Max(BlockLength, values.Length)));
            _used = 0;
        }

        values.CopyTo(_blocks[^1].AsSpan(_used));
        _where.Add(((long)(_blocks.Count - 1) << 32) | (uint)_used);
        _lengths.Add(values.Length);
        _used += values.Length;
        return _lengths.Count - 1;
    }
}
