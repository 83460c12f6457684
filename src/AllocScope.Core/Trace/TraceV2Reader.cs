using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Reads a v2 execution trace (Go 1.22–1.26) as Go's internal/trace Reader does (reader.go; FORMAT-V2.md): one
/// generation at a time, its Ms' events merged by time under <see cref="TraceV2Order"/>'s rules (the earliest M's
/// event when it may advance, else the first M in time order whose event may), CPU samples slotted in by time, and
/// every event's stack and string IDs checked against the generation's tables. Times are nanoseconds as Go computes
/// them, made strictly increasing as Go's reader makes them. Memory holds one generation.
/// </summary>
internal static class TraceV2Reader
{
    /// <summary>
    /// When the earliest thread's event may not come next, Go tries the others in time order: a cost per event that grows
    /// with the threads. Real traces rarely need it; a hostile one can make every event scan every thread (quadratic), so
    /// the tries out of turn are capped at this many plus <see cref="MaxFailedTriesPerEvent"/> per event put in order.
    /// </summary>
    public const long MaxFailedTries = 2_000_000;

    public const long MaxFailedTriesPerEvent = 256;

    /// <summary>Reads <paramref name="input"/> (its header already known to be <paramref name="version"/>), handing each event in order to <paramref name="emit"/>.</summary>
    public static void Read(InputFile input, int version, Action<TraceV2Event, TraceV2Tables> emit)
    {
        var file = input.Name;
        var window = new StreamWindow(input.Content, file, TraceV2Batch.MaxSize);
        window.Take(TraceHeader.Length, "the header");
        var generations = new TraceV2GenerationReader(window, version, input.Limits);
        var order = new TraceV2Order(version, file);
        var frontier = new TraceV2Frontier();
        TraceV2Generation? g = null;
        var samples = 0;
        long lastTs = 0, emitted = 0, failedTries = 0;

        void Emit(TraceV2Event ev)
        {
            CheckIds(ev, g!.Tables, file);
            if (ev.Time <= lastTs)
            {
                ev.Time = TraceV2Generation.Later(lastTs, 1);
            }

            lastTs = ev.Time;
            emitted++;
            emit(ev, g.Tables);
        }

        bool TryAdvance(int i)
        {
            var c = frontier[i];
            if (!order.Advance(c.Event, g!.Tables, c.M, g.Gen))
            {
                return false;
            }

            if (c.Next(g, version, file))
            {
                frontier.Update(i);
            }
            else
            {
                frontier.RemoveAt(i);
            }

            return true;
        }

        while (true)
        {
            if (order.TryDequeue(out var queued))
            {
                Emit(queued);
                continue;
            }

            if (frontier.Count == 0 && (g is null || samples == g.CpuSamples.Count))
            {
                if (g is not null)
                {
                    generations.Release(g);
                }

                g = generations.Next();
                if (g is null)
                {
                    return;
                }

                samples = 0;
                foreach (var m in g.BatchMs)
                {
                    var c = new TraceV2Cursor(m, g.Batches[m]);
                    if (c.Next(g, version, file))
                    {
                        frontier.Insert(c);
                    }
                }

                if (lastTs == 0)
                {
                    lastTs = g.Ns(g.MinTs);
                }

                lastTs = TraceV2Generation.Later(lastTs, 1); // Go's reader puts a sync event at the start of every generation, one nanosecond on
                continue;
            }

            if (samples < g!.CpuSamples.Count && (frontier.Count == 0 || g.CpuSamples[samples].Time < frontier[0].Event.Time))
            {
                var s = g.CpuSamples[samples++];
                Emit(new TraceV2Event { Type = TraceV2EventType.CpuSample, Time = s.Time, Offset = s.Offset, G = s.G, P = s.P, M = s.M, Args = Stack(s.Stack) });
                continue;
            }

            if (!TryAdvance(0))
            {
                frontier.SortByTime();
                var advanced = false;
                for (var i = 1; i < frontier.Count && !advanced; i++)
                {
                    advanced = TryAdvance(i);
                    if (!advanced && ++failedTries > MaxFailedTries + (MaxFailedTriesPerEvent * emitted))
                    {
                        throw InputFormatException.AtOffset(file, frontier[i].Event.Offset,
                            $"the trace's threads are too far out of order to merge: {failedTries:N0} events tried out of turn for {emitted:N0} events in order");
                    }
                }

                if (!advanced)
                {
                    var first = frontier[0].Event;
                    throw InputFormatException.AtOffset(file, first.Offset,
                        $"broken trace: failed to advance in generation {g.Gen}: no thread's next event can come next (the earliest is {TraceV2Specs.Names[first.Type]} on thread {frontier[0].M})");
                }
            }
        }
    }

    private static TraceV2Args Stack(ulong stack)
    {
        var args = default(TraceV2Args);
        args[4] = stack;
        return args;
    }

    /// <summary>Every stack and string an event names is in its generation's tables (Go's validateTableIDs).</summary>
    private static void CheckIds(TraceV2Event ev, TraceV2Tables tables, string file)
    {
        if (ev.Type == TraceV2EventType.CpuSample)
        {
            if (!tables.HasStack(ev.Args[4]))
            {
                throw InputFormatException.AtOffset(file, ev.Offset, $"found invalid stack ID {ev.Args[4]} for event CPUSample");
            }

            return;
        }

        var spec = TraceV2Specs.For(ev.Type, 1026)!;
        foreach (var i in spec.StackArgs ?? [])
        {
            if (!tables.HasStack(ev.Args[i - 1]))
            {
                throw InputFormatException.AtOffset(file, ev.Offset, $"found invalid stack ID {ev.Args[i - 1]} for event {spec.Name}");
            }
        }

        foreach (var i in spec.StringArgs ?? [])
        {
            if (!tables.HasString(ev.Args[i - 1]))
            {
                throw InputFormatException.AtOffset(file, ev.Offset, $"found invalid string ID {ev.Args[i - 1]} for event {spec.Name}");
            }
        }
    }
}
