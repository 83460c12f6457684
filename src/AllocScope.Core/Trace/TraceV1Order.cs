using AllocScope.Inputs;

namespace AllocScope.Trace;

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

    private readonly record struct Pending(TraceEvent Event, int Batch, ulong G, GState Init, GState Next);

    public static List<TraceEvent> Order1007(Dictionary<int, List<TraceEvent>> byP, string file)
    {
        if (byP.TryGetValue(TraceProcs.ProfileP, out var samples))
        {
            StableSortByTs(samples);
        }

        var batches = byP.OrderBy(kv => kv.Key).Select(kv => kv.Value).ToArray();
        var heads = new int[batches.Length];
        var selected = new bool[batches.Length];
        var pending = batches.Sum(b => b.Count);
        var gs = new Dictionary<ulong, GState>();
        var frontier = new List<Pending>(batches.Length);
        var events = new List<TraceEvent>(pending);
        for (; pending != 0; pending--)
        {
            for (var i = 0; i < batches.Length; i++)
            {
                if (selected[i] || heads[i] == batches[i].Count)
                {
                    continue;
                }

                var ev = batches[i][heads[i]];
                var (g, init, next) = StateTransition(ev);
                if (g != Unordered && !TransitionReady(g, gs.GetValueOrDefault(g), init))
                {
                    continue;
                }

                frontier.Add(new Pending(ev, i, g, init, next));
                heads[i]++;
                selected[i] = true;
                ev.Type = ev.Type switch
                {
                    TraceEventType.GoStartLocal => TraceEventType.GoStart,
                    TraceEventType.GoUnblockLocal => TraceEventType.GoUnblock,
                    TraceEventType.GoSysExitLocal => TraceEventType.GoSysExit,
                    var t => t,
                };
            }

            if (frontier.Count == 0)
            {
                var stuck = batches.Select((b, i) => heads[i] < b.Count ? b[heads[i]] : null).FirstOrDefault(e => e is not null);
                throw InputFormatException.AtOffset(file, stuck?.Off ?? 0, "no consistent ordering of events possible (goroutine sequence numbers do not fit)");
            }

            // Go sorts with sort.Sort: insertion sort (stable) for the few Ps of a frontier; then the last takes the first's place.
            InsertionSortByTs(frontier);
            var f = frontier[0];
            frontier[0] = frontier[^1];
            frontier.RemoveAt(frontier.Count - 1);
            events.Add(f.Event);
            Transition(gs, f.G, f.Init, f.Next);
            selected[f.Batch] = false;
        }

        CheckSorted(events, file);
        var lastSysBlock = new Dictionary<ulong, long>();
        var moved = new List<(long Ts, int Index)>();
        for (var i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            switch (ev.Type)
            {
                case TraceEventType.GoSysBlock or TraceEventType.GoInSyscall:
                    lastSysBlock[ev.G] = ev.Ts;
                    break;
                case TraceEventType.GoSysExit:
                    var ts = (long)ev.Arg2;
                    if (ts == 0)
                    {
                        continue;
                    }

                    var block = lastSysBlock.GetValueOrDefault(ev.G);
                    if (block == 0)
                    {
                        throw InputFormatException.AtOffset(file, ev.Off, "stray syscall exit");
                    }

                    if (ts < block)
                    {
                        throw InputFormatException.AtOffset(file, ev.Off, "time stamps out of order (a syscall exits before it blocked)");
                    }

                    if (ts != ev.Ts)
                    {
                        moved.Add((ts, i));
                    }

                    ev.Ts = ts;
                    break;
            }
        }

        return moved.Count == 0 ? events : StableMerge(events, moved);
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

    private static (ulong G, GState Init, GState Next) StateTransition(TraceEvent ev) => ev.Type switch
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

    private static void Transition(Dictionary<ulong, GState> gs, ulong g, GState init, GState next)
    {
        if (g == Unordered)
        {
            return;
        }

        var current = gs.GetValueOrDefault(g);
        next = next.Seq switch
        {
            NoSeq => next with { Seq = current.Seq },
            SeqInc => next with { Seq = current.Seq + 1 },
            _ => next,
        };
        gs[g] = next;
    }

    private static void InsertionSortByTs(List<Pending> list)
    {
        for (var i = 1; i < list.Count; i++)
        {
            for (var j = i; j > 0 && list[j].Event.Ts < list[j - 1].Event.Ts; j--)
            {
                (list[j], list[j - 1]) = (list[j - 1], list[j]);
            }
        }
    }

    /// <summary>Go's sort.Stable by time; the list is nearly always sorted already (only syscall exits move).</summary>
    private static void StableSortByTs(List<TraceEvent> events)
    {
        var sorted = true;
        for (var i = 1; i < events.Count && sorted; i++)
        {
            sorted = events[i].Ts >= events[i - 1].Ts;
        }

        if (sorted)
        {
            return;
        }

        var keys = new (long Ts, int Index)[events.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (events[i].Ts, i);
        }

        Array.Sort(keys); // (time, position): ties keep their order
        var copy = events.ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            events[i] = copy[keys[i].Index];
        }
    }
}
