using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Go's removeFutile and the GC part of postProcessTrace: a wakeup that only led to blocking again is dropped (block,
/// unblock and start), and GC, stop-the-world, sweep and mark-assist events must pair up. The goroutine state machine
/// of postProcessTrace is not checked here (FORMAT.md).
/// </summary>
internal static class TraceV1Checks
{
    public static List<TraceEvent> RemoveFutile(List<TraceEvent> events)
    {
        var gs = new Dictionary<ulong, (bool Futile, List<TraceEvent> Wakeup)>();
        var futile = new HashSet<TraceEvent>(ReferenceEqualityComparer.Instance);
        foreach (var ev in events)
        {
            switch (ev.Type)
            {
                case TraceEventType.GoUnblock:
                    var u = gs.GetValueOrDefault(ev.Arg0);
                    gs[ev.Arg0] = (u.Futile, [ev]);
                    break;
                case TraceEventType.GoStart or TraceEventType.GoPreempt or TraceEventType.FutileWakeup:
                    var g = gs.GetValueOrDefault(ev.G);
                    var wakeup = g.Wakeup ?? [];
                    wakeup.Add(ev);
                    gs[ev.G] = (g.Futile || ev.Type == TraceEventType.FutileWakeup, wakeup);
                    break;
                case TraceEventType.GoBlock or TraceEventType.GoBlockSend or TraceEventType.GoBlockRecv or TraceEventType.GoBlockSelect
                    or TraceEventType.GoBlockSync or TraceEventType.GoBlockCond:
                    var b = gs.GetValueOrDefault(ev.G);
                    if (b.Futile)
                    {
                        futile.Add(ev);
                        foreach (var w in b.Wakeup ?? [])
                        {
                            futile.Add(w);
                        }
                    }

                    gs.Remove(ev.G);
                    break;
            }
        }

        return futile.Count == 0 ? events : [.. events.Where(e => !futile.Contains(e))];
    }

    /// <summary>Go's postProcessTrace GC checks over a whole list (<see cref="TraceV1Pairing"/>).</summary>
    public static void Verify(List<TraceEvent> events, string file, int version)
    {
        var pairing = new TraceV1Pairing(file, version);
        foreach (var ev in events)
        {
            pairing.Accept(ev.Type, ev.P, ev.G, ev.Ts, ev.Off);
            if (ev.Type == TraceEventType.GCStart)
            {
                ev.P = TraceProcs.GCP;
            }
        }
    }
}

/// <summary>
/// The GC part of Go's postProcessTrace, one event at a time: GC, stop-the-world (per P before Go 1.10), sweep (per P)
/// and mark-assist (per goroutine) events must pair up. Holds only what is open.
/// </summary>
internal sealed class TraceV1Pairing(string file, int version)
{
    private readonly HashSet<int> _stw = [];
    private readonly HashSet<int> _sweep = [];
    private readonly HashSet<ulong> _assist = [];
    private bool _gc;

    public void Accept(TraceEventType type, int p, ulong g, long ns, long off)
    {
        var stwKey = version < 1010 ? p : -1;
        switch (type)
        {
            case TraceEventType.GCStart:
                _gc = _gc ? throw Bad(off, ns, "previous GC is not ended before a new one") : true;
                break;
            case TraceEventType.GCDone:
                _gc = _gc ? false : throw Bad(off, ns, "bogus GC end");
                break;
            case TraceEventType.GCSTWStart when !_stw.Add(stwKey):
                throw Bad(off, ns, "previous STW is not ended before a new one");
            case TraceEventType.GCSTWDone when !_stw.Remove(stwKey):
                throw Bad(off, ns, "bogus STW end");
            case TraceEventType.GCSweepStart when !_sweep.Add(p):
                throw Bad(off, ns, "previous sweeping is not ended before a new one");
            case TraceEventType.GCSweepDone when !_sweep.Remove(p):
                throw Bad(off, ns, "bogus sweeping end");
            case TraceEventType.GCMarkAssistStart when !_assist.Add(g):
                throw Bad(off, ns, "previous mark assist is not ended before a new one");
            case TraceEventType.GCMarkAssistDone:
                _assist.Remove(g);
                break;
        }
    }

    private InputFormatException Bad(long off, long ns, string what) => InputFormatException.AtOffset(file, off, $"{what} (time {ns})");
}

/// <summary>
/// Go's removeFutile as counts, for a summary that keeps no events: per goroutine, how many wakeup events (unblock,
/// start, preempt, futile marker) wait for its next block; when that block follows a futile wakeup they are all taken
/// back, with the block itself.
/// </summary>
internal sealed class TraceV1FutileCounts
{
    private readonly Dictionary<ulong, Wakeup> _gs = [];

    private sealed class Wakeup
    {
        public bool Futile;
        public long Unblocks;
        public long Starts;
        public long Preempts;
        public long Markers;
    }

    /// <summary>Follows one event; on a block after a futile wakeup, <paramref name="takeBack"/> is told what to uncount.</summary>
    public void Accept(TraceEventType type, ulong g, ulong arg0, Action<TraceEventType, long> takeBack)
    {
        switch (type)
        {
            case TraceEventType.GoUnblock:
                var u = Get(arg0);
                (u.Unblocks, u.Starts, u.Preempts, u.Markers) = (1, 0, 0, 0);
                break;
            case TraceEventType.GoStart:
                Get(g).Starts++;
                break;
            case TraceEventType.GoPreempt:
                Get(g).Preempts++;
                break;
            case TraceEventType.FutileWakeup:
                var f = Get(g);
                f.Markers++;
                f.Futile = true;
                break;
            case TraceEventType.GoBlock or TraceEventType.GoBlockSend or TraceEventType.GoBlockRecv or TraceEventType.GoBlockSelect
                or TraceEventType.GoBlockSync or TraceEventType.GoBlockCond:
                if (_gs.Remove(g, out var w) && w.Futile)
                {
                    takeBack(type, 1);
                    takeBack(TraceEventType.GoUnblock, w.Unblocks);
                    takeBack(TraceEventType.GoStart, w.Starts);
                    takeBack(TraceEventType.GoPreempt, w.Preempts);
                    takeBack(TraceEventType.FutileWakeup, w.Markers);
                }

                break;
        }
    }

    private Wakeup Get(ulong g)
    {
        if (!_gs.TryGetValue(g, out var w))
        {
            w = new Wakeup();
            _gs[g] = w;
        }

        return w;
    }
}
