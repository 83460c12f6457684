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

    public static void Verify(List<TraceEvent> events, string file, int version = 1019)
    {
        TraceEvent? gc = null;
        var stw = new Dictionary<int, TraceEvent?>();
        var sweep = new Dictionary<int, TraceEvent?>();
        var assist = new Dictionary<ulong, TraceEvent?>();
        foreach (var ev in events)
        {
            switch (ev.Type)
            {
                case TraceEventType.GCStart:
                    if (gc is not null)
                    {
                        throw Bad(file, ev, "previous GC is not ended before a new one");
                    }

                    gc = ev;
                    ev.P = TraceProcs.GCP;
                    break;
                case TraceEventType.GCDone:
                    gc = gc is null ? throw Bad(file, ev, "bogus GC end") : null;
                    break;
                case TraceEventType.GCSTWStart:
                    // Before Go 1.10 a stop-the-world was per P; since, one for the whole program.
                    if (stw.GetValueOrDefault(version < 1010 ? ev.P : -1) is not null)
                    {
                        throw Bad(file, ev, "previous STW is not ended before a new one");
                    }

                    stw[version < 1010 ? ev.P : -1] = ev;
                    break;
                case TraceEventType.GCSTWDone:
                    stw[version < 1010 ? ev.P : -1] = stw.GetValueOrDefault(version < 1010 ? ev.P : -1) is null ? throw Bad(file, ev, "bogus STW end") : null;
                    break;
                case TraceEventType.GCSweepStart:
                    if (sweep.GetValueOrDefault(ev.P) is not null)
                    {
                        throw Bad(file, ev, "previous sweeping is not ended before a new one");
                    }

                    sweep[ev.P] = ev;
                    break;
                case TraceEventType.GCSweepDone:
                    sweep[ev.P] = sweep.GetValueOrDefault(ev.P) is null ? throw Bad(file, ev, "bogus sweeping end") : null;
                    break;
                case TraceEventType.GCMarkAssistStart:
                    if (assist.GetValueOrDefault(ev.G) is not null)
                    {
                        throw Bad(file, ev, "previous mark assist is not ended before a new one");
                    }

                    assist[ev.G] = ev;
                    break;
                case TraceEventType.GCMarkAssistDone:
                    assist[ev.G] = null;
                    break;
            }
        }
    }

    private static InputFormatException Bad(string file, TraceEvent ev, string what) => InputFormatException.AtOffset(file, ev.Off, $"{what} (time {ev.Ts})");
}
