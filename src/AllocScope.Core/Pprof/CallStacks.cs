namespace AllocScope.Pprof;

/// <summary>
/// The distinct stacks of one or more merged profiles after pprof's pruning and filters, with their summed values, at
/// one granularity: what pprof's graph views (-tree, -peek, -list) are built from, and rebuilt from when trimmed.
/// </summary>
public sealed class CallStacks(TopGranularity by, FrameFilter? filter = null)
{
    private readonly Dictionary<FrameKey, int> _nodes = [];
    private readonly List<FrameKey> _keys = [];

    // Each frame is node * 2 + 1 when it was inlined into the next one (pprof's inline edges), leaf first.
    private readonly Dictionary<int[], long> _stacks = new(ArrayContentComparer<int>.Instance);

    public TopGranularity By { get; } = by;

    /// <summary>The sample type being summed (set by the first profile added).</summary>
    public ValueType? SampleType { get; private set; }

    /// <summary>Sum of |value| over all samples, before focus, ignore and hide (pprof's percentage base).</summary>
    public long Total { get; private set; }

    /// <summary>What each node id stands for.</summary>
    public IReadOnlyList<FrameKey> Keys => _keys;

    /// <summary>The distinct stacks (frames encoded as node * 2 + inlined, leaf first) and their summed values.</summary>
    public IReadOnlyDictionary<int[], long> Stacks => _stacks;

    /// <summary>Adds a profile's samples of the named sample type (null: the profile's default); sums are checked.</summary>
    public void Add(Profile profile, string? sampleType)
    {
        var index = SampleTypeSelection.IndexIn(profile, sampleType, SampleType);
        SampleType ??= profile.SampleTypes[index];
        var frames = new SampleFrames(profile, filter ?? FrameFilter.None, By, Node);
        var stack = new List<int>(64);
        var inlined = new List<bool>(64);
        foreach (var sample in profile.Samples)
        {
            var value = sample.Values[index];
            Total = checked(Total + Math.Abs(value));
            stack.Clear();
            inlined.Clear();
            if (value == 0 || !frames.TryAppendStack(sample, stack, inlined))
            {
                continue;
            }

            var key = new int[stack.Count];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = (stack[i] * 2) + (inlined[i] ? 1 : 0);
            }

            _stacks[key] = checked(_stacks.GetValueOrDefault(key) + value);
        }
    }

    private int Node(FrameKey key)
    {
        if (!_nodes.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _nodes.Add(key, id);
            _keys.Add(key);
        }

        return id;
    }
}
