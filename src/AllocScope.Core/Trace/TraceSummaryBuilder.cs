namespace AllocScope.Trace;

/// <summary>
/// Builds a <see cref="TraceSummary"/> from ordered events, whatever the trace format: a reader counts each event it
/// keeps and reports the few that matter to allocation (goroutines created, heap live and goal, GC begin and end,
/// stop-the-world pauses, mark assists). Its state is bounded by what is open at a time (a cycle, pauses, assists per
/// goroutine) plus the cycles and pauses, never by the number of events.
/// </summary>
/// <param name="timeline">Told every heap point (time, heap live, goal) as it comes, when the caller wants the timeline: the summary keeps none.</param>
public sealed class TraceSummaryBuilder(string goVersion, string format, IReadOnlyList<string> typeNames, bool hasSymbols = true, Action<HeapPoint>? timeline = null)
{
    private readonly long[] _byType = new long[typeNames.Count];
    private readonly List<GcCycle> _cycles = [];
    private readonly List<StwPause> _pauses = [];
    private readonly Dictionary<string, (int Count, long Ns)> _payers = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (long Ns, string Kind)> _openStw = [];
    private readonly Dictionary<ulong, (long Ns, string Payer)> _openAssist = [];
    private List<StwPause> _cyclePauses = [];
    private long? _gcStart;
    private long _events, _forced, _gcCount, _cycleAssist, _heapAlloc, _heapGoal, _maxHeap, _created, _heapBefore, _goalBefore, _last;

    /// <summary>One kept event of type <paramref name="type"/> (an index into the type names) at <paramref name="ns"/>.</summary>
    public void Event(int type, long ns)
    {
        _byType[type]++;
        _events++;
        if (ns > _last)
        {
            _last = ns;
        }
    }

    /// <summary>Takes back <paramref name="count"/> events of a type already counted (v1 futile wakeups, removed once known).</summary>
    public void Uncount(int type, long count)
    {
        _byType[type] -= count;
        _events -= count;
    }

    public void GoroutineCreated() => _created++;

    public void HeapAlloc(long ns, long bytes)
    {
        _heapAlloc = bytes;
        _maxHeap = Math.Max(_maxHeap, bytes);
        timeline?.Invoke(new HeapPoint(ns, _heapAlloc, _heapGoal));
    }

    public void HeapGoal(long ns, long bytes)
    {
        _heapGoal = bytes;
        timeline?.Invoke(new HeapPoint(ns, _heapAlloc, _heapGoal));
    }

    /// <param name="forced">The program asked for it (runtime.GC, debug.FreeOSMemory), rather than the allocation pace.</param>
    public void GcStart(long ns, bool forced)
    {
        _gcCount++;
        _forced += forced ? 1 : 0;
        _gcStart = ns;
        _heapBefore = _heapAlloc;
        _goalBefore = _heapGoal;
        _cyclePauses = [];
        _cycleAssist = 0;
    }

    public void GcDone(long ns)
    {
        if (_gcStart is { } start)
        {
            _cycles.Add(new GcCycle(_cycles.Count + 1, start, ns, _cyclePauses, _cycleAssist, _heapBefore, _heapAlloc, _goalBefore));
            _gcStart = null;
        }
    }

    /// <param name="key">What the pause belongs to (the P for v1 traces before Go 1.10, else one key for the program).</param>
    public void StwStart(long key, long ns, string kind) => _openStw[key] = (ns, kind);

    public void StwDone(long key, long ns)
    {
        if (_openStw.Remove(key, out var start))
        {
            var pause = new StwPause(start.Ns, ns, start.Kind);
            _pauses.Add(pause);
            if (_gcStart is not null)
            {
                _cyclePauses.Add(pause);
            }
        }
    }

    /// <param name="payer">The allocating function (see <see cref="PayerOf"/>).</param>
    public void AssistStart(ulong g, long ns, string payer) => _openAssist[g] = (ns, payer);

    public void AssistDone(ulong g, long ns)
    {
        if (_openAssist.Remove(g, out var start))
        {
            var took = ns - start.Ns;
            _cycleAssist += took;
            var p = _payers.GetValueOrDefault(start.Payer);
            _payers[start.Payer] = (p.Count + 1, p.Ns + took);
        }
    }

    public TraceSummary Build()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var t = 0; t < _byType.Length; t++)
        {
            if (_byType[t] > 0)
            {
                counts[typeNames[t]] = _byType[t];
            }
        }

        return new TraceSummary
        {
            GoVersion = goVersion,
            Format = format,
            Events = _events,
            EventCounts = counts,
            DurationNs = _last,
            GoroutinesCreated = _created,
            Cycles = _cycles,
            GcCount = _gcCount,
            ForcedCount = _forced,
            Pauses = _pauses,
            MaxHeapAlloc = _maxHeap,
            AssistPayers = [.. _payers.Select(kv => new AssistPayer(kv.Key, kv.Value.Count, kv.Value.Ns)).OrderByDescending(a => a.Ns).ThenBy(a => a.Function, StringComparer.Ordinal)],
            HasSymbols = hasSymbols,
        };
    }

    /// <summary>Whether a GC began because the program asked: runtime.GC or debug.FreeOSMemory on its stack.</summary>
    public static bool IsForced(IReadOnlyList<TraceFrame>? frames) =>
        frames is not null && frames.Any(f => f.Function is "runtime.GC" or "runtime/debug.FreeOSMemory");

    /// <summary>The function that allocated when an assist began: the first frame of its stack outside the runtime.</summary>
    public static string PayerOf(IReadOnlyList<TraceFrame>? frames, bool hasSymbols)
    {
        if (frames is null || frames.Count == 0)
        {
            return "(no stack)";
        }

        if (!hasSymbols)
        {
            return $"0x{frames[0].Pc:x} (Go 1.5/1.6 trace: no symbols)";
        }

        var frame = frames.FirstOrDefault(f => !f.Function.StartsWith("runtime.", StringComparison.Ordinal)) ?? frames[^1];
        return frame.Function;
    }
}
