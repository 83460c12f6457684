using System.Text.RegularExpressions;

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
/// (pprof's RemoveUninteresting). Several profiles can be added (merged) when they share the selected sample type.
/// </summary>
public sealed class TopAggregator(TopGranularity by, Regex? focus = null, Regex? ignore = null, bool keepStacks = false)
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

    /// <summary>Sum of |value| over all samples, before focus and ignore (pprof's percentage base).</summary>
    public long Total { get; private set; }

    /// <summary>
    /// Adds a profile's samples of the sample type named <paramref name="sampleType"/> (null: the profile's default).
    /// Sums are checked: values that add up past 64 bits throw <see cref="OverflowException"/> (pprof prints them wrapped).
    /// </summary>
    public void Add(Profile profile, string? sampleType)
    {
        int index;
        if (SampleType is null)
        {
            index = profile.SampleIndex(sampleType);
            SampleType = profile.SampleTypes[index];
        }
        else
        {
            index = -1;
            for (var i = 0; i < profile.SampleTypes.Count; i++)
            {
                if (profile.SampleTypes[i] == SampleType)
                {
                    index = i;
                }
            }

            if (index < 0)
            {
                throw new ArgumentException($"profiles are not compatible: sample type {SampleType} is not in a later profile (it has "
                    + string.Join(", ", profile.SampleTypes) + ")");
            }
        }

        var frames = new FrameCache(this, profile);
        var stack = new List<int>(64);
        foreach (var sample in profile.Samples)
        {
            var value = sample.Values[index];
            Total = checked(Total + Math.Abs(value));

            // As pprof's graph builder: a sample with nothing of this type adds no frames.
            if (value == 0 || !frames.Keep(sample))
            {
                continue;
            }

            stack.Clear();
            frames.AppendStack(sample, stack);
            AddStack(stack, value);
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
        foreach (var node in stack)
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

    private readonly record struct FrameKey(string Name, string File, long Line);

    /// <summary>Per-location frames (after pruning), focus/ignore matches and per-sample prune points, computed once per location.</summary>
    private sealed class FrameCache
    {
        private readonly TopAggregator _owner;
        private const ulong DenseIds = 1 << 24;
        private readonly Dictionary<Location, LocationFrames> _cache = new(ReferenceEqualityComparer.Instance);
        private DenseEntry?[] _dense = [];
        private readonly Regex? _drop;
        private readonly Regex? _keep;
        private readonly bool _hiddenRuntimeFrames;

        public FrameCache(TopAggregator owner, Profile profile)
        {
            _owner = owner;
            if (profile.DropFrames.Length > 0)
            {
                _drop = new Regex("^(?:" + profile.DropFrames + ")$", RegexOptions.CultureInvariant);
                if (profile.KeepFrames.Length > 0)
                {
                    _keep = new Regex("^(?:" + profile.KeepFrames + ")$", RegexOptions.CultureInvariant);
                }
            }

            // Go's text heap profiles name every frame except the leading runtime.* ones (and runtime.goexit): with
            // the binary pprof would name those and prune them as allocator frames, so unnamed frames prune too.
            _hiddenRuntimeFrames = profile.Format == ProfileFormat.LegacyHeapText && profile.Functions.Count > 0;
        }

        public bool Keep(Sample sample)
        {
            if (_owner.Focus is null && _owner.Ignore is null)
            {
                return true;
            }

            var focused = _owner.Focus is null;
            foreach (var location in sample.Locations)
            {
                var frames = Get(location);
                if (frames.Ignored)
                {
                    return false;
                }

                focused |= frames.Focused;
            }

            return focused;
        }

        public void AppendStack(Sample sample, List<int> stack)
        {
            var locations = sample.Locations;
            var start = 0;
            var end = locations.Count;
            if (_drop is not null || _hiddenRuntimeFrames)
            {
                // pprof's Prune: scanning from the root, after the first frame that is not pruned, the first pruned
                // location cuts the stack (itself included, unless only its inlined callees matched).
                var foundUser = false;
                for (var i = locations.Count - 1; i >= 0; i--)
                {
                    var frames = Get(locations[i]);
                    if (!frames.Prune && !frames.PruneBeneath)
                    {
                        foundUser = true;
                        continue;
                    }

                    if (!foundUser)
                    {
                        continue;
                    }

                    start = frames.Prune ? i + 1 : i;
                    break;
                }
            }

            for (var i = start; i < end; i++)
            {
                stack.AddRange(Get(locations[i]).Nodes);
            }
        }

        private LocationFrames Get(Location location)
        {
            // Readers number locations 1..N: an array indexed by id is the common case, the dictionary the rest.
            var id = location.Id;
            if (id < (ulong)_dense.Length && _dense[id] is { } entry && ReferenceEquals(entry.Location, location))
            {
                return entry.Frames;
            }

            if (_cache.TryGetValue(location, out var frames))
            {
                return frames;
            }

            var lines = location.Lines;
            var prune = false;
            var pruneBeneath = false;
            if (_drop is not null || _hiddenRuntimeFrames)
            {
                if (lines.Count == 0)
                {
                    prune = pruneBeneath = _hiddenRuntimeFrames;
                }
                else
                {
                    int i;
                    for (i = lines.Count - 1; i >= 0; i--)
                    {
                        if (lines[i].Function is { Name.Length: > 0 } fn && PruneFrom(fn.Name))
                        {
                            break;
                        }
                    }

                    if (i >= 0)
                    {
                        pruneBeneath = true;
                        if (i == lines.Count - 1)
                        {
                            prune = true;
                        }
                        else
                        {
                            lines = lines.Skip(i + 1).ToArray();
                        }
                    }
                }
            }

            var nodes = new List<int>(Math.Max(1, lines.Count));
            var focused = false;
            var ignored = false;
            if (lines.Count == 0)
            {
                nodes.Add(_owner.Node(new FrameKey($"0x{location.Address:x}", "", 0)));
            }

            foreach (var line in lines)
            {
                var fn = line.Function;
                var name = fn?.Name ?? $"0x{location.Address:x}";
                var file = fn?.FileName ?? "";
                nodes.Add(_owner.Node(_owner.By == TopGranularity.Line ? new FrameKey(name, file, line.LineNumber) : new FrameKey(name, "", 0)));
                if (fn is not null)
                {
                    focused |= _owner.Focus is { } f && (f.IsMatch(fn.Name) || f.IsMatch(fn.FileName));
                    ignored |= _owner.Ignore is { } g && (g.IsMatch(fn.Name) || g.IsMatch(fn.FileName));
                }
            }

            frames = new LocationFrames([.. nodes], prune, pruneBeneath, focused, ignored);
            if (id < DenseIds)
            {
                if (id >= (ulong)_dense.Length)
                {
                    Array.Resize(ref _dense, (int)Math.Min(DenseIds, Math.Max(1024, (id + 1) * 2)));
                }

                if (_dense[id] is null)
                {
                    _dense[id] = new DenseEntry(location, frames);
                    return frames;
                }
            }

            _cache.Add(location, frames);
            return frames;
        }

        private bool PruneFrom(string name)
        {
            var simple = SimplifyName(name);
            return _drop!.IsMatch(simple) && (_keep is null || !_keep.IsMatch(simple));
        }

        /// <summary>pprof drops a C++ argument list before matching: the name up to its first "(" that is not "(anonymous namespace)" or "operator()".</summary>
        private static string SimplifyName(string name)
        {
            name = name.StartsWith('.') ? name[1..] : name;
            var from = 0;
            while (true)
            {
                var open = name.IndexOf('(', from);
                if (open < 0)
                {
                    return name;
                }

                if (name.AsSpan(open).StartsWith("(anonymous namespace)", StringComparison.Ordinal))
                {
                    from = open + 1;
                    continue;
                }

                if (open >= "operator".Length && name.AsSpan(open - "operator".Length).StartsWith("operator()", StringComparison.Ordinal))
                {
                    from = open + 1;
                    continue;
                }

                return name[..open];
            }
        }
    }

    private Regex? Focus { get; } = focus;

    private Regex? Ignore { get; } = ignore;

    private sealed record LocationFrames(int[] Nodes, bool Prune, bool PruneBeneath, bool Focused, bool Ignored);

    private sealed record DenseEntry(Location Location, LocationFrames Frames);
}
