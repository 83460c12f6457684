using System.Text.RegularExpressions;

namespace AllocScope.Pprof;

/// <summary>
/// The frames of each sample of one profile as pprof's views see them, computed once per location: legacy profiles'
/// drop_frames/keep_frames prune allocator frames first (pprof's RemoveUninteresting, at read time), then focus and
/// ignore select samples by their remaining frames and hide removes frames (pprof's FilterSamplesByName). Every inlined
/// function is a frame of its own; each frame becomes a node id of the caller's choosing (its granularity).
/// </summary>
internal sealed class SampleFrames
{
    private const ulong DenseIds = 1 << 24;
    private readonly Dictionary<Location, LocationFrames> _cache = new(ReferenceEqualityComparer.Instance);
    private readonly Func<FrameKey, int> _node;
    private readonly TopGranularity _by;
    private readonly FrameFilter _filter;
    private readonly Regex? _drop;
    private readonly Regex? _keep;
    private readonly bool _hiddenRuntimeFrames;
    private DenseEntry?[] _dense = [];

    public SampleFrames(Profile profile, FrameFilter filter, TopGranularity by, Func<FrameKey, int> node)
    {
        _filter = filter;
        _by = by;
        _node = node;
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

    /// <summary>
    /// Appends the sample's node ids, leaf first, to <paramref name="stack"/> (and to <paramref name="inlined"/> whether
    /// each frame was inlined into the next one); false when the filters drop the sample or leave it no frame.
    /// </summary>
    public bool TryAppendStack(Sample sample, List<int> stack, List<bool>? inlined = null) =>
        TryAppendStack(new SampleStack(this, sample.Locations), stack, inlined);

    /// <summary>As above for a streamed sample's location ids (<paramref name="index"/> has every one of them).</summary>
    public bool TryAppendStack(ReadOnlySpan<ulong> ids, LocationIndex index, List<int> stack) =>
        TryAppendStack(new IdStack(this, ids, index), stack, null);

    private bool TryAppendStack<TStack>(TStack locations, List<int> stack, List<bool>? inlined)
        where TStack : IStack, allows ref struct
    {
        var start = 0;
        var end = locations.Count;
        if (_hiddenRuntimeFrames)
        {
            // The unnamed root frame of a text heap profile is runtime.goexit, which Go leaves out of its proto profiles.
            while (end > 0 && locations.Location(end - 1).Lines.Count == 0)
            {
                end--;
            }
        }

        if (_drop is not null || _hiddenRuntimeFrames)
        {
            // pprof's Prune: scanning from the root, after the first frame that is not pruned, the first pruned
            // location cuts the stack (itself included, unless only its inlined callees matched).
            var foundUser = false;
            for (var i = end - 1; i >= 0; i--)
            {
                var frames = locations.Frames(i);
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

        if (_filter.SelectsSamples)
        {
            // Only frames that survived pruning can focus or ignore a sample, as in pprof (it filters after pruning).
            var focused = _filter.Focus is null;
            for (var i = start; i < end; i++)
            {
                var frames = locations.Frames(i);
                if (frames.Ignored)
                {
                    return false;
                }

                focused |= frames.Focused;
            }

            if (!focused)
            {
                return false;
            }
        }

        var before = stack.Count;
        for (var i = start; i < end; i++)
        {
            var frames = locations.Frames(i);
            stack.AddRange(frames.Nodes.AsSpan());
            if (inlined is not null)
            {
                for (var k = 0; k < frames.Nodes.Length; k++)
                {
                    inlined.Add(k != frames.Nodes.Length - 1);
                }
            }
        }

        return stack.Count > before;
    }

    /// <summary>The frames of a location of this profile named by id: ids are unique in a profile, so the dense entry is it.</summary>
    private LocationFrames GetById(ulong id, LocationIndex index)
    {
        if (id < (ulong)_dense.Length && _dense[id] is { } entry)
        {
            return entry.Frames;
        }

        return index.TryGet(id, out var location) ? Get(location) : throw new ArgumentException($"location id {id} is not in the profile", nameof(id));
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

        frames = Compute(location);
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

    private LocationFrames Compute(Location location)
    {
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

        var mappingFile = location.Mapping?.FileName ?? "";
        var focused = Matches(_filter.Focus, lines, mappingFile);
        var ignored = Matches(_filter.Ignore, lines, mappingFile);
        var hideAll = _filter.Hide is { } h && mappingFile.Length > 0 && h.IsMatch(mappingFile);
        var nodes = new List<int>(Math.Max(1, lines.Count));
        if (lines.Count == 0 && !hideAll)
        {
            nodes.Add(_node(new FrameKey($"0x{location.Address:x}", "", 0)));
        }

        foreach (var line in lines)
        {
            var fn = line.Function;
            if (hideAll || (fn is not null && _filter.Hide is { } hide && (hide.IsMatch(fn.Name) || hide.IsMatch(fn.FileName))))
            {
                continue;
            }

            var name = fn?.Name ?? $"0x{location.Address:x}";
            var file = fn?.FileName ?? "";
            nodes.Add(_node(_by == TopGranularity.Line ? new FrameKey(name, file, line.LineNumber) : new FrameKey(name, "", 0)));
        }

        return new LocationFrames([.. nodes], prune, pruneBeneath, focused, ignored);
    }

    /// <summary>pprof's Location.matchesName: any frame's function or file name, or the mapping's file.</summary>
    private static bool Matches(Regex? regex, IReadOnlyList<Line> lines, string mappingFile)
    {
        if (regex is null)
        {
            return false;
        }

        foreach (var line in lines)
        {
            if (line.Function is { } fn && (regex.IsMatch(fn.Name) || regex.IsMatch(fn.FileName)))
            {
                return true;
            }
        }

        return mappingFile.Length > 0 && regex.IsMatch(mappingFile);
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

    /// <summary>A sample's stack, leaf first, as the filters walk it (a struct, so the walk is compiled for each kind).</summary>
    private interface IStack
    {
        int Count { get; }

        Location Location(int i);

        LocationFrames Frames(int i);
    }

    private readonly struct SampleStack(SampleFrames owner, IReadOnlyList<Location> locations) : IStack
    {
        public int Count => locations.Count;

        public Location Location(int i) => locations[i];

        public LocationFrames Frames(int i) => owner.Get(locations[i]);
    }

    private readonly ref struct IdStack(SampleFrames owner, ReadOnlySpan<ulong> ids, LocationIndex index) : IStack
    {
        private readonly ReadOnlySpan<ulong> _ids = ids;

        public int Count => _ids.Length;

        public Location Location(int i) => index.TryGet(_ids[i], out var location) ? location : throw new ArgumentOutOfRangeException(nameof(i));

        public LocationFrames Frames(int i) => owner.GetById(_ids[i], index);
    }

    private sealed record LocationFrames(int[] Nodes, bool Prune, bool PruneBeneath, bool Focused, bool Ignored);

    private sealed record DenseEntry(Location Location, LocationFrames Frames);
}
