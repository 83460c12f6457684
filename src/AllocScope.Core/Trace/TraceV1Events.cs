using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Go's parseEvents, one raw event at a time: batch headers set the P and the base time, each event's timestamp is a
/// delta on the last, the goroutine running on each P is tracked, stacks and the frequency are kept aside, and events
/// are gathered per P (CPU samples on their own fake P) for the ordering.
/// </summary>
internal sealed class ParseState(int version)
{
    private readonly Dictionary<int, List<TraceEvent>> _batches = [];
    private readonly Dictionary<int, ulong> _lastGs = [];
    private readonly HashSet<ulong> _timerGoroutines = [];
    private readonly Dictionary<ulong, (ulong Pc, ulong Fn, ulong File, ulong Line)[]> _stacks = [];
    private readonly List<(TraceEvent Event, ulong StringId, int Slot)> _stringArgs = [];
    private readonly HashSet<ulong> _stackIds = [];
    private long _ticksPerSecond;
    private long _lastSeq;
    private long _lastTs;
    private ulong _lastG;
    private int _lastP;

    public bool Accept(TraceEventType type, long off, List<ulong> args, string? log, string file)
    {
        var narg = TraceEventTypes.ArgNum(type, version);
        if (type != TraceEventType.Stack && args.Count != narg)
        {
            throw InputFormatException.AtOffset(file, off, $"{type.Name()} has wrong number of arguments: want {narg}, got {args.Count}");
        }

        switch (type)
        {
            case TraceEventType.Batch:
                _lastGs[_lastP] = _lastG;
                _lastP = (int)args[0];
                _lastG = _lastGs.GetValueOrDefault(_lastP);
                if (version < 1007)
                {
                    _lastSeq = (long)args[1];
                    _lastTs = (long)args[2];
                }
                else
                {
                    _lastTs = (long)args[1];
                }

                return false;
            case TraceEventType.Frequency:
                _ticksPerSecond = (long)args[0];
                if (_ticksPerSecond <= 0)
                {
                    throw InputFormatException.AtOffset(file, off, "time stamps out of order (frequency is not positive)");
                }

                return false;
            case TraceEventType.TimerGoroutine:
                _timerGoroutines.Add(args[0]);
                return false;
            case TraceEventType.Stack:
                AddStack(off, args, file);
                return false;
        }

        var e = new TraceEvent { Off = off, Type = type, P = _lastP, G = _lastG };
        int argOffset;
        if (version < 1007)
        {
            e.Seq = _lastSeq + (long)args[0];
            e.Ts = _lastTs + (long)args[1];
            _lastSeq = e.Seq;
            argOffset = 2;
        }
        else
        {
            e.Ts = _lastTs + (long)args[0];
            argOffset = 1;
        }

        _lastTs = e.Ts;
        var hasStack = type.Describe().HasStack;
        for (var i = argOffset; i < narg; i++)
        {
            if (i == narg - 1 && hasStack)
            {
                e.StackId = args[i];
            }
            else
            {
                e.SetArg(i - argOffset, args[i]);
            }
        }

        switch (type)
        {
            case TraceEventType.GoStart or TraceEventType.GoStartLocal or TraceEventType.GoStartLabel:
                _lastG = e.Arg0;
                e.G = _lastG;
                if (type == TraceEventType.GoStartLabel)
                {
                    _stringArgs.Add((e, e.Arg2, 0));
                }

                break;
            case TraceEventType.GCSTWStart:
                e.G = 0;
                e.SArgs = [StwKind(e.Arg0, off, file)];
                break;
            case TraceEventType.GCStart or TraceEventType.GCDone or TraceEventType.GCSTWDone:
                e.G = 0;
                break;
            case TraceEventType.GoEnd or TraceEventType.GoStop or TraceEventType.GoSched or TraceEventType.GoPreempt or TraceEventType.GoSleep
                or TraceEventType.GoBlock or TraceEventType.GoBlockSend or TraceEventType.GoBlockRecv or TraceEventType.GoBlockSelect
                or TraceEventType.GoBlockSync or TraceEventType.GoBlockCond or TraceEventType.GoBlockNet or TraceEventType.GoSysBlock
                or TraceEventType.GoBlockGC:
                _lastG = 0;
                break;
            case TraceEventType.GoSysExit or TraceEventType.GoWaiting or TraceEventType.GoInSyscall:
                e.G = e.Arg0;
                break;
            case TraceEventType.UserTaskCreate or TraceEventType.UserRegion:
                _stringArgs.Add((e, e.Arg2, 0));
                break;
            case TraceEventType.UserLog:
                e.SArgs = [string.Empty, log ?? string.Empty];
                _stringArgs.Add((e, e.Arg1, 0));
                break;
            case TraceEventType.CPUSample:
                e.Ts = (long)e.Arg0;
                e.P = (int)e.Arg1;
                e.G = e.Arg2;
                e.Arg0 = 0;
                break;
        }

        var p = type == TraceEventType.CPUSample ? TraceProcs.ProfileP : _lastP;
        if (!_batches.TryGetValue(p, out var batch))
        {
            batch = [];
            _batches[p] = batch;
        }

        batch.Add(e);
        return true;
    }

    public ExecutionTrace Finish(string file, Dictionary<ulong, string> strings)
    {
        if (_batches.Count == 0)
        {
            throw InputFormatException.Whole(file, "trace is empty (no events)");
        }

        if (_ticksPerSecond == 0)
        {
            throw InputFormatException.Whole(file, "no Frequency event (the trace is cut short: the runtime writes it when tracing stops)");
        }

        // The runtime writes the stack table after every event (and the frequency just before it): a trace cut
        // anywhere after the frequency loses stacks its events name, which is how a cut at an event boundary shows.
        foreach (var batch in _batches.Values)
        {
            foreach (var e in batch)
            {
                // (Go 1.5's GoCreate puts the new goroutine's start PC where later versions put stack ids.)
                var missing = version < 1007 && e.Type == TraceEventType.GoCreate ? 0
                    : e.StackId != 0 && !_stackIds.Contains(e.StackId) ? e.StackId
                    : e.Type == TraceEventType.GoCreate && e.Arg1 != 0 && !_stackIds.Contains(e.Arg1) ? e.Arg1 : 0;
                if (missing != 0)
                {
                    throw InputFormatException.AtOffset(file, e.Off, $"{e.Type.Name()} names stack {missing}, which is not in the trace: the trace is cut short (the runtime writes its stacks last)");
                }
            }
        }

        foreach (var (e, id, slot) in _stringArgs)
        {
            e.SArgs ??= [string.Empty];
            e.SArgs[slot] = strings.GetValueOrDefault(id, string.Empty);
        }

        var events = version < 1007 ? TraceV1Order.Order1005(_batches, file) : TraceV1Order.Order1007(_batches, file);
        var minTs = events[0].Ts;
        var nsPerTick = 1e9 / _ticksPerSecond;
        foreach (var e in events)
        {
            e.Ts = (long)((e.Ts - minTs) * nsPerTick);
            if (_timerGoroutines.Contains(e.G) && e.Type == TraceEventType.GoUnblock)
            {
                e.P = TraceProcs.TimerP;
            }

            if (e.Type == TraceEventType.GoSysExit)
            {
                e.P = TraceProcs.SyscallP;
            }
        }

        events = TraceV1Checks.RemoveFutile(events);
        TraceV1Checks.Verify(events, file, version);
        var stacks = new Dictionary<ulong, IReadOnlyList<TraceFrame>>(_stacks.Count);
        foreach (var (id, frames) in _stacks)
        {
            stacks[id] = [.. frames.Select(f => new TraceFrame(f.Pc, strings.GetValueOrDefault(f.Fn, string.Empty), strings.GetValueOrDefault(f.File, string.Empty), (long)f.Line))];
        }

        return new ExecutionTrace { Version = version, TicksPerSecond = _ticksPerSecond, Events = events, Stacks = stacks };
    }

    private void AddStack(long off, List<ulong> args, string file)
    {
        if (args.Count < 2)
        {
            throw InputFormatException.AtOffset(file, off, $"Stack has wrong number of arguments: want at least 2, got {args.Count}");
        }

        var size = args[1];
        if (size > 1000)
        {
            throw InputFormatException.AtOffset(file, off, $"Stack has bad number of frames: {size}");
        }

        var want = version < 1007 ? 2 + size : 2 + (4 * size);
        if ((ulong)args.Count != want)
        {
            throw InputFormatException.AtOffset(file, off, $"Stack has wrong number of arguments: want {want}, got {args.Count}");
        }

        var id = args[0];
        _stackIds.Add(id);
        if (id == 0 || size == 0)
        {
            return;
        }

        var frames = new (ulong, ulong, ulong, ulong)[size];
        for (var i = 0; i < (int)size; i++)
        {
            frames[i] = version < 1007 ? (args[2 + i], 0, 0, 0) : (args[2 + (i * 4)], args[3 + (i * 4)], args[4 + (i * 4)], args[5 + (i * 4)]);
        }

        _stacks[id] = frames;
    }

    /// <summary>The STW kind's text: Go 1.10–1.20 have two kinds, Go 1.21 the runtime's stwReason (FORMAT.md).</summary>
    private string StwKind(ulong kind, long off, string file)
    {
        if (version < 1021)
        {
            return kind switch
            {
                0 => "mark termination",
                1 => "sweep termination",
                _ => throw InputFormatException.AtOffset(file, off, $"unknown STW kind {kind}"),
            };
        }

        return kind < (ulong)s_stwReasons.Length ? s_stwReasons[kind] : throw InputFormatException.AtOffset(file, off, $"unknown STW kind {kind}");
    }

    private static readonly string[] s_stwReasons =
    [
        "unknown", "GC mark termination", "GC sweep termination", "write heap dump", "goroutine profile", "goroutine profile cleanup",
        "all goroutine stack trace", "read mem stats", "AllThreadsSyscall", "GOMAXPROCS", "start trace", "stop trace",
        "CountPagesInUse (test)", "ReadMetricsSlow (test)", "ReadMemStatsSlow (test)", "PageCachePagesLeaked (test)", "ResetDebugLog (test)",
    ];
}
