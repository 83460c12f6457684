using System.Runtime.InteropServices;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>What one row of a top table stands for.</summary>
public enum TopGranularity
{
    /// <summary>One row per function name (pprof's default granularity).</summary>
    Function,

    /// <summary>One row per function, file and line (pprof -lines).</summary>
    Line,
}

/// <summary>One row of a top table: flat is the value where this frame is the leaf, cum where it is anywhere in the stack.</summary>
public sealed record TopRow(string Function, string File, long Line, long Flat, long Cum)
{
    /// <summary>The name pprof prints: the function, and with lines its "file:line".</summary>
    public string DisplayName(TopGranularity by) => by == TopGranularity.Line && File.Length > 0 ? $"{Function} {File}:{Line}" : Function;
}

/// <summary>
/// Flat and cumulative values per function or per line, computed as `go tool pprof -top` does: every inlined
/// function is a frame of its own at its own line; the leaf-most frame gets the flat value; every distinct frame of a
/// stack gets the cumulative value once; legacy profiles' drop_frames/keep_frames prune allocator frames first
/// (pprof's RemoveUninteresting), then pprof's focus/ignore/hide apply (<see cref="SampleFrames"/>). Several profiles can be added (merged) when they share the selected sample type.
/// </summary>
public sealed class TopAggregator(TopGranularity by, FrameFilter? filter = null, bool keepStacks = false)
{
    private readonly Dictionary<FrameKey, int> _nodes = [];
    private readonly List<FrameKey> _keys = [];
    private readonly List<long> _flat = [];
    private readonly List<long> _cum = [];
    private readonly Dictionary<int[], long> _stacks = new(ArrayContentComparer<int>.Instance);
    private int[] _seen = [];
    private int _stamp;

    public TopGranularity By { get; } = by;

    /// <summary>The sample type being summed (set by the first profile added).</summary>
    public ValueType? SampleType { get; private set; }

    /// <summary>Sum of |value| over all samples, before focus, ignore and hide (pprof's percentage base).</summary>
    public long Total { get; private set; }

    /// <summary>
    /// Adds a profile's samples of the sample type named <paramref name="sampleType"/> (null: the profile's default).
    /// Sums are checked: values that add up past 64 bits throw <see cref="OverflowException"/> (pprof prints them wrapped).
    /// </summary>
    public void Add(Profile profile, string? sampleType)
    {
        var index = SampleTypeSelection.IndexIn(profile, sampleType, SampleType);
        SampleType ??= profile.SampleTypes[index];
        var frames = new SampleFrames(profile, filter ?? FrameFilter.None, By, Node);
        var stack = new List<int>(64);
        foreach (var sample in profile.Samples)
        {
            var value = sample.Values[index];
            Total = checked(Total + Math.Abs(value));

            // As pprof's graph builder: a sample with nothing of this type adds no frames.
            stack.Clear();
            if (value != 0 && frames.TryAppendStack(sample, stack))
            {
                AddStack(stack, value);
            }
        }
    }

    /// <summary>
    /// Adds an opened profile: when it streams, each part's samples into an aggregation of its own (parts on all cores),
    /// merged in file order, so nodes and stacks come out numbered as if added one by one. Streaming skips pprof's merge
    /// of samples with equal stacks and labels and sums parts apart, which changes nothing here unless values of both
    /// signs meet or a sum of magnitudes overflows; then (or on any error) the profile is read whole instead.
    /// </summary>
    public void Add(StreamedProfile source, string? sampleType)
    {
        if (!source.IsStreamed || !TryAddStreamed(source, sampleType))
        {
            Add(source.ReadWhole(), sampleType);
        }
    }

    private bool TryAddStreamed(StreamedProfile source, string? sampleType)
    {
        var profile = source.Profile;
        var index = SampleTypeSelection.IndexIn(profile, sampleType, SampleType);
        var type = SampleType ?? profile.SampleTypes[index];
        var parts = new StagedPart[source.PartCount];
        try
        {
            Parallel.For(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                p => parts[p] = Stage(source, p, index, type));
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is InputFormatException or OverflowException))
        {
            return false;
        }

        // Σ|value| of every type fitting 64 bits means no merged sum could overflow; one sign means merged |sums| are Total.
        var magnitudes = new long[profile.SampleTypes.Count];
        try
        {
            foreach (var part in parts)
            {
                for (var i = 0; i < magnitudes.Length; i++)
                {
                    magnitudes[i] = checked(magnitudes[i] + part.Magnitudes[i]);
                }
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        if (parts.Any(p => p.Positive) && parts.Any(p => p.Negative))
        {
            return false;
        }

        foreach (var part in parts)
        {
            Merge(part.Top);
        }

        return true;
    }

    /// <summary>One part's samples in an aggregation of its own (parts run at the same time and are merged in order).</summary>
    private StagedPart Stage(StreamedProfile source, int part, int index, ValueType type)
    {
        var staged = new StagedPart(new TopAggregator(By, filter, keepStacks) { SampleType = type }, new long[source.Profile.SampleTypes.Count]);
        var top = staged.Top;
        var frames = new SampleFrames(source.Profile, filter ?? FrameFilter.None, By, top.Node);
        var stack = new List<int>(64);
        var locations = source.LocationIndex;
        source.ForEachSample(part, (ids, values) =>
        {
            for (var i = 0; i < staged.Magnitudes.Length; i++)
            {
                staged.Magnitudes[i] = checked(staged.Magnitudes[i] + Math.Abs(values[i]));
            }

            var value = values[index];
            staged.Positive |= value > 0;
            staged.Negative |= value < 0;
            top.Total = checked(top.Total + Math.Abs(value));
            stack.Clear();
            if (value != 0 && frames.TryAppendStack(ids, locations, stack))
            {
                top.AddStack(stack, value);
            }
        });
        return staged;
    }

    private sealed record StagedPart(TopAggregator Top, long[] Magnitudes)
    {
        public bool Positive { get; set; }

        public bool Negative { get; set; }
    }

    /// <summary>Adds another aggregation's nodes, sums and stacks (in its order, so node numbers come out as if added directly).</summary>
    private void Merge(TopAggregator other)
    {
        SampleType ??= other.SampleType;
        Total = checked(Total + other.Total);
        var nodes = new int[other._keys.Count];
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i] = Node(other._keys[i]);
            _flat[node] = checked(_flat[node] + other._flat[i]);
            _cum[node] = checked(_cum[node] + other._cum[i]);
        }

        foreach (var (stack, value) in other._stacks)
        {
            var key = Array.ConvertAll(stack, n => nodes[n]);
            _stacks[key] = checked(_stacks.GetValueOrDefault(key) + value);
        }
    }

    /// <summary>Rows sorted by flat (descending, by magnitude), then name, then cum.</summary>
    public IReadOnlyList<TopRow> Rows()
    {
        var rows = new List<TopRow>(_keys.Count);
        for (var i = 0; i < _keys.Count; i++)
        {
            if (_flat[i] == 0 && _cum[i] == 0)
            {
                continue;
            }

            rows.Add(new TopRow(_keys[i].Name, _keys[i].File, _keys[i].Line, _flat[i], _cum[i]));
        }

        rows.Sort((a, b) =>
        {
            var c = Math.Abs(b.Flat).CompareTo(Math.Abs(a.Flat));
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a.DisplayName(By), b.DisplayName(By));
            return c != 0 ? c : Math.Abs(b.Cum).CompareTo(Math.Abs(a.Cum));
        });
        return rows;
    }

    /// <summary>Distinct stacks, root first, with their summed values; for flame graphs (folded format). Needs keepStacks.</summary>
    public IEnumerable<(IReadOnlyList<TopRow> Frames, long Value)> Stacks()
    {
        if (!keepStacks)
        {
            throw new InvalidOperationException("create the aggregator with keepStacks: true to list stacks");
        }

        foreach (var (stack, value) in _stacks)
        {
            var frames = new TopRow[stack.Length];
            for (var i = 0; i < stack.Length; i++)
            {
                var key = _keys[stack[stack.Length - 1 - i]];
                frames[i] = new TopRow(key.Name, key.File, key.Line, 0, 0);
            }

            yield return (frames, value);
        }
    }

    /// <summary><paramref name="stack"/> is leaf first, one node id per frame.</summary>
    private void AddStack(List<int> stack, long value)
    {
        if (stack.Count == 0)
        {
            return;
        }

        _stamp++;
        foreach (var node in CollectionsMarshal.AsSpan(stack))
        {
            if (_seen[node] != _stamp)
            {
                _seen[node] = _stamp;
                _cum[node] = checked(_cum[node] + value);
            }
        }

        _flat[stack[0]] = checked(_flat[stack[0]] + value);
        if (keepStacks)
        {
            var key = stack.ToArray();
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
            _flat.Add(0);
            _cum.Add(0);
            if (_seen.Length <= id)
            {
                Array.Resize(ref _seen, Math.Max(64, _seen.Length * 2));
            }
        }

        return id;
    }
}
