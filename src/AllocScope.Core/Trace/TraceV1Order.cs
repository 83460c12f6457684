using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>Receives the merged events of a v1 trace, one at a time.</summary>
internal interface ITraceV1Sink
{
    void Accept(ref TraceV1Raw ev);
}

/// <summary>
/// Go's order1007 and order1005 (internal/trace/order.go): per-P event lists merged by timestamp, where an event may
/// only be taken when the goroutine (or GC) sequence it continues has reached it. The merged order must be sorted by
/// time, else the trace's clocks disagree (ErrTimeOrder: "time stamps out of order").
/// </summary>
internal static class TraceV1Order
{
    private const ulong Unordered = ulong.MaxValue;
    private const ulong Garbage = ulong.MaxValue - 1;
    private const ulong NoSeq = ulong.MaxValue;
    private const ulong SeqInc = ulong.MaxValue - 1;

    private enum GStatus
    {
        Dead,
        Runnable,
        Running,
        Waiting,
    }

    private readonly record struct GState(ulong Seq, GStatus Status);

    /// <summary>
    /// Go's order1007 over the sources (in P order): each round every source not already waiting offers its next event
    /// if the goroutine (or GC) sequence it continues has reached it; the earliest offered event is taken. The merged
    /// stream must be sorted by time. Events reach <paramref name="sink"/> with times still in ticks.
    /// </summary>
    public static void Order1007(IReadOnlyList<TraceV1Source> sources, string file, ITraceV1Sink sink)
    {
        var n = sources.Count;
        // Two slots per source: its next event, and the one it has in the frontier (the merge moves no events).
        var slots = new TraceV1Raw[2 * n];
        var head = new int[n];
        var has = new bool[n];
        var transitions = new (ulong G, GState Init, GState Next)[n];
        var selected = new bool[n];
        for (var i = 0; i < n; i++)
        {
            head[i] = 2 * i;
            has[i] = sources[i].Next(out slots[head[i]]);
        }

        var gs = new GoroutineStates();
        var frontier = new List<int>(n); // source indices: events stay in place, the sort moves ints
        var previous = long.MinValue;
        while (true)
        {
            for (var i = 0; i < n; i++)
            {
                if (selected[i] || !has[i])
                {
                    continue;
                }

                ref var ev = ref slots[head[i]];
                var t = StateTransition(ev);
                if (t.G != Unordered && !TransitionReady(t.G, gs.Get(t.G), t.Init))
                {
                    continue;
                }

                ev.Type = ev.Type switch
                {
                    TraceEventType.GoStartLocal => TraceEventType.GoStart,
                    TraceEventType.GoUnblockLocal => TraceEventType.GoUnblock,
                    TraceEventType.GoSysExitLocal => TraceEventType.GoSysExit,
                    var type => type,
                };
                transitions[i] = t;
                frontier.Add(i);
                head[i] ^= 1;
                has[i] = sources[i].Next(out slots[head[i]]);
                selected[i] = true;
            }

            if (frontier.Count == 0)
            {
                var stuck = Array.IndexOf(has, true);
                if (stuck < 0)
                {
                    return;
                }

                throw InputFormatException.AtOffset(file, slots[head[stuck]].Off, "no consistent ordering of events possible (goroutine sequence numbers do not fit)");
            }

            // Go sorts with sort.Sort: insertion sort (stable) for the few Ps of a frontier; then the last takes the first's place.
            for (var a = 1; a < frontier.Count; a++)
            {
                for (var b = a; b > 0 && slots[head[frontier[b]] ^ 1].Ts < slots[head[frontier[b - 1]] ^ 1].Ts; b--)
                {
                    (frontier[b], frontier[b - 1]) = (frontier[b - 1], frontier[b]);
                }
            }

            var f = frontier[0];
            frontier[0] = frontier[^1];
            frontier.RemoveAt(frontier.Count - 1);
            ref var taken = ref slots[head[f] ^ 1];
            if (taken.Ts < previous)
            {
                throw InputFormatException.AtOffset(file, taken.Off, "time stamps out of order (the merged events are not sorted by time: the CPUs' clocks disagree)");
            }

            previous = taken.Ts;
            sink.Accept(ref taken);
            Transition(gs, transitions[f].G, transitions[f].Init, transitions[f].Next);
            selected[f] = false;
        }
    }

    /// <summary>
    /// The end of Go's order1007 for a merged list: syscall exits take their real exit time (checked against the block
    /// before them) and the list is sorted by time again, stably.
    /// </summary>
    public static List<TraceEvent> SyscallExitTimes(List<TraceEvent> events, string file)
    {
        var lastSysBlock = new Dictionary<ulong, long>();
        var moved = new List<(long Ts, int Index)>();
        for (var i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            if (ev.Type is TraceEventType.GoSysBlock or TraceEventType.GoInSyscall)
            {
                lastSysBlock[ev.G] = ev.Ts;
            }
            else if (ev.Type == TraceEventType.GoSysExit && SyscallExitTime(ev.Arg2, lastSysBlock.GetValueOrDefault(ev.G), ev.Off, file) is { } ts)
            {
                if (ts != ev.Ts)
                {
                    moved.Add((ts, i));
                }

                ev.Ts = ts;
            }
        }

        return moved.Count == 0 ? events : StableMerge(events, moved);
    }

    /// <summary>A syscall exit's real time in ticks (null when the runtime did not record it), which must follow its block.</summary>
    public static long? SyscallExitTime(ulong exit, long lastBlock, long off, string file)
    {
        if (exit == 0)
        {
            return null;
        }

        if (lastBlock == 0)
        {
            throw InputFormatException.AtOffset(file, off, "stray syscall exit");
        }

        if ((long)exit < lastBlock)
        {
            throw InputFormatException.AtOffset(file, off, "time stamps out of order (a syscall exits before it blocked)");
        }

        return (long)exit;
    }

    /// <summary>
    /// Go's sort.Stable by time after syscall exits took their real times: the others are still in order, so the moved
    /// ones (sorted by time, then position) are merged back in, ties going to the earlier position.
    /// </summary>
    private static List<TraceEvent> StableMerge(List<TraceEvent> events, List<(long Ts, int Index)> moved)
    {
        moved.Sort();
        var isMoved = new bool[events.Count];
        foreach (var (_, index) in moved)
        {
            isMoved[index] = true;
        }

        var result = new List<TraceEvent>(events.Count);
        var m = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (isMoved[i])
            {
                continue;
            }

            while (m < moved.Count && (moved[m].Ts < events[i].Ts || (moved[m].Ts == events[i].Ts && moved[m].Index < i)))
            {
                result.Add(events[moved[m++].Index]);
            }

            result.Add(events[i]);
        }

        while (m < moved.Count)
        {
            result.Add(events[moved[m++].Index]);
        }

        return result;
    }

    public static List<TraceEvent> Order1005(Dictionary<int, List<TraceEvent>> byP, string file)
    {
        var events = byP.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value).ToList();
        foreach (var ev in events)
        {
            if (ev.Type == TraceEventType.GoSysExit)
            {
                ev.Seq = (long)ev.Arg1;
                if (ev.Arg2 != 0)
                {
                    ev.Ts = (long)ev.Arg2;
                }
            }
        }

        var sorted = events.OrderBy(e => e.Seq).ToList();
        CheckSorted(sorted, file);
        return sorted;
    }

    private static void CheckSorted(List<TraceEvent> events, string file)
    {
        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].Ts < events[i - 1].Ts)
            {
                throw InputFormatException.AtOffset(file, events[i].Off, "time stamps out of order (the merged events are not sorted by time: the CPUs' clocks disagree)");
            }
        }
    }

    private static (ulong G, GState Init, GState Next) StateTransition(in TraceV1Raw ev) => ev.Type switch
    {
        TraceEventType.GoCreate => (ev.Arg0, new(0, GStatus.Dead), new(1, GStatus.Runnable)),
        TraceEventType.GoWaiting or TraceEventType.GoInSyscall => (ev.G, new(1, GStatus.Runnable), new(2, GStatus.Waiting)),
        TraceEventType.GoStart or TraceEventType.GoStartLabel => (ev.G, new(ev.Arg1, GStatus.Runnable), new(ev.Arg1 + 1, GStatus.Running)),
        TraceEventType.GoStartLocal => (ev.G, new(NoSeq, GStatus.Runnable), new(SeqInc, GStatus.Running)),
        TraceEventType.GoBlock or TraceEventType.GoBlockSend or TraceEventType.GoBlockRecv or TraceEventType.GoBlockSelect
            or TraceEventType.GoBlockSync or TraceEventType.GoBlockCond or TraceEventType.GoBlockNet or TraceEventType.GoSleep
            or TraceEventType.GoSysBlock or TraceEventType.GoBlockGC => (ev.G, new(NoSeq, GStatus.Running), new(NoSeq, GStatus.Waiting)),
        TraceEventType.GoSched or TraceEventType.GoPreempt => (ev.G, new(NoSeq, GStatus.Running), new(NoSeq, GStatus.Runnable)),
        TraceEventType.GoUnblock or TraceEventType.GoSysExit => (ev.Arg0, new(ev.Arg1, GStatus.Waiting), new(ev.Arg1 + 1, GStatus.Runnable)),
        TraceEventType.GoUnblockLocal or TraceEventType.GoSysExitLocal => (ev.Arg0, new(NoSeq, GStatus.Waiting), new(SeqInc, GStatus.Runnable)),
        TraceEventType.GCStart => (Garbage, new(ev.Arg0, GStatus.Dead), new(ev.Arg0 + 1, GStatus.Dead)),
        _ => (Unordered, default, default),
    };

    private static bool TransitionReady(ulong g, GState current, GState init) =>
        g == Unordered || ((init.Seq == NoSeq || init.Seq == current.Seq) && init.Status == current.Status);

    private static void Transition(GoroutineStates gs, ulong g, GState init, GState next)
    {
        if (g == Unordered)
        {
            return;
        }

        var current = gs.Get(g);
        next = next.Seq switch
        {
            NoSeq => next with { Seq = current.Seq },
            SeqInc => next with { Seq = current.Seq + 1 },
            _ => next,
        };
        gs.Set(g, next);
    }

    /// <summary>Each goroutine's sequence and status: an array for the small ids goroutines have, a dictionary beyond.</summary>
    private sealed class GoroutineStates
    {
        private const int Dense = 1 << 16;
        private readonly Dictionary<ulong, GState> _sparse = [];
        private GState[] _dense = new GState[1024];

        public GState Get(ulong g) => g < (ulong)_dense.Length ? _dense[g] : _sparse.GetValueOrDefault(g);

        public void Set(ulong g, GState state)
        {
            if (g >= (ulong)_dense.Length && g < Dense)
            {
                Array.Resize(ref _dense, (int)Math.Min(Dense, Math.Max((long)g + 1, _dense.Length * 2L)));
            }

            if (g < (ulong)_dense.Length)
            {
                _dense[g] = state;
            }
            else
            {
                _sparse[g] = state;
            }
        }
    }
}
