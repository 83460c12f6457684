using AllocScope.Inputs;
using T = AllocScope.Trace.TraceV2EventType;

namespace AllocScope.Trace;

/// <summary>
/// Puts the events of a v2 trace's Ms in one valid order and checks them, as Go's ordering (order.go) does: it keeps
/// the state of every goroutine, proc and thread, the GC's sequence and the active tasks, and takes an M's next event
/// only when that state allows it: a GoStart when its goroutine is runnable and its sequence number is the next one, a
/// ProcStart when its proc is idle, and so on. <see cref="Advance"/> says false when the event must wait for another M;
/// a state the event contradicts is an error at the event's offset. Advanced events (and the few Go adds: the block
/// and start a GoSwitch implies, the steal a GoDestroySyscall implies) come out of <see cref="TryDequeue"/>.
/// </summary>
internal sealed class TraceV2Order(int version, string file)
{
    /// <summary>No goroutine, proc or thread (Go's NoGoroutine, NoProc, NoThread: −1).</summary>
    public const ulong None = ulong.MaxValue;

    private enum Need : byte
    {
        MustNot,
        May,
        Must,
    }

    private enum GcState : byte
    {
        Undetermined,
        NotRunning,
        Running,
    }

    private static readonly (Need M, Need P, Need G) s_userGo = (Need.Must, Need.Must, Need.Must);

    private readonly Dictionary<ulong, TraceV2GState> _g = [];
    private readonly Dictionary<ulong, TraceV2PState> _p = [];
    private readonly Dictionary<ulong, TraceV2MState> _m = [];
    private readonly Dictionary<ulong, string> _tasks = [];
    private readonly Queue<TraceV2Event> _queue = new();
    private long _queued, _scanned;
    private ulong _gcSeq;
    private GcState _gc;
    private ulong _initialGen;
    private TraceV2Tables _tables = new();
    private ulong _gen;

    public bool TryDequeue(out TraceV2Event ev) => _queue.TryDequeue(out ev);

    /// <summary>Tries to take <paramref name="ev"/>, the next event of thread <paramref name="m"/> in generation <paramref name="gen"/>.</summary>
    public bool Advance(TraceV2Event ev, TraceV2Tables tables, ulong m, ulong gen)
    {
        if (_initialGen == 0)
        {
            _initialGen = gen;
        }

        _tables = tables;
        _gen = gen;
        TraceV2MState? ms = null;
        var cur = new TraceV2Ctx(None, None, m);
        if (m != None)
        {
            if (!_m.TryGetValue(m, out ms))
            {
                _m[m] = ms = new TraceV2MState();
            }

            cur = new TraceV2Ctx(ms.G, ms.P, m);
        }

        var (ok, next) = Dispatch(ref ev, cur);
        if (ok && ms is not null)
        {
            ms.P = next.P;
            ms.G = next.G;
        }

        return ok;
    }

    private (bool, TraceV2Ctx) Dispatch(ref TraceV2Event ev, TraceV2Ctx cur) => ev.Type switch
    {
        T.ProcsChange or T.GoLabel or T.UserLog => Annotation(ev, cur),
        T.ProcStart => ProcStart(ev, cur),
        T.ProcStop => ProcStop(ev, cur),
        T.ProcSteal => ProcSteal(ev, cur),
        T.ProcStatus => ProcStatus(ev, cur),
        T.GoCreate or T.GoCreateBlocked => GoCreate(ev, cur),
        T.GoCreateSyscall => GoCreateSyscall(ev, cur),
        T.GoStart => GoStart(ev, cur),
        T.GoDestroy or T.GoStop or T.GoBlock => GoStopExec(ev, cur),
        T.GoDestroySyscall => GoDestroySyscall(ev, cur),
        T.GoUnblock => GoUnblock(ev, cur),
        T.GoSyscallBegin => GoSyscallBegin(ev, cur),
        T.GoSyscallEnd => GoSyscallEnd(ev, cur),
        T.GoSyscallEndBlocked => GoSyscallEndBlocked(ev, cur),
        T.GoStatus or T.GoStatusStack => GoStatus(ev, cur),
        T.StwBegin or T.GcMarkAssistBegin => GoRangeBegin(ev, cur),
        T.StwEnd or T.GcMarkAssistEnd => GoRangeEnd(ref ev, cur),
        T.GcMarkAssistActive => GoRangeActive(ev, cur),
        T.GcActive => GcActive(ev, cur),
        T.GcBegin => GcBegin(ev, cur),
        T.GcEnd => GcEnd(ev, cur),
        T.GcSweepActive => GcSweepActive(ev, cur),
        T.GcSweepBegin => GcSweepBegin(ev, cur),
        T.GcSweepEnd => GcSweepEnd(ev, cur),
        T.HeapAlloc or T.HeapGoal => Validated(ev, cur, (Need.Must, Need.Must, Need.May)),
        T.UserTaskBegin => UserTaskBegin(ev, cur),
        T.UserTaskEnd => UserTaskEnd(ev, cur),
        T.UserRegionBegin or T.UserRegionEnd => UserRegion(ev, cur),
        T.GoSwitch or T.GoSwitchDestroy => GoSwitch(ev, cur),
        >= T.FirstExperimental and <= T.MaxExperimental => Validated(ev, cur, (Need.Must, Need.May, Need.May)),
        _ => throw Error(ev, $"bad event type found while ordering: {ev.Type}"),
    };

    private (bool, TraceV2Ctx) ProcStatus(TraceV2Event ev, TraceV2Ctx cur)
    {
        var pid = ev.Args[0];
        if (ev.Args[1] > (ulong)TraceV2ProcStatus.SyscallAbandoned)
        {
            throw Error(ev, $"invalid status for proc {pid}: {ev.Args[1]}");
        }

        var status = (TraceV2ProcStatus)ev.Args[1];
        var promoted = false;
        if (_p.TryGetValue(pid, out var s))
        {
            if (status == TraceV2ProcStatus.SyscallAbandoned && s.Status == TraceV2ProcStatus.Syscall)
            {
                // Abandoned restates Syscall when the proc is known to be in one: nothing was lost.
                promoted = true;
                ev.Args[1] = (ulong)TraceV2ProcStatus.Syscall;
            }
            else if (!(status == TraceV2ProcStatus.SyscallAbandoned && s.Status == TraceV2ProcStatus.SyscallAbandoned) && s.Status != status)
            {
                throw Error(ev, $"inconsistent status for proc {pid}: old {s.Status} vs. new {status}");
            }

            s.Seq = new TraceV2Seq(_gen, 0);
        }
        else
        {
            _p[pid] = new TraceV2PState(status, new TraceV2Seq(_gen, 0));
        }

        var next = cur;
        if (status is TraceV2ProcStatus.Running or TraceV2ProcStatus.Syscall)
        {
            next.P = pid;
        }

        if (promoted)
        {
            // The proc is about to be stolen; the status is told in the context of the thread it is bound to. Finding
            // it is a scan of every thread, as in Go; a hostile trace repeating this is stopped at the merge's work limit.
            _scanned += _m.Count;
            if (_scanned > TraceV2Reader.MaxFailedTries + (TraceV2Reader.MaxFailedTriesPerEvent * _queued))
            {
                throw Error(ev, $"too many searches for the thread of a proc about to be stolen ({_scanned:N0} threads looked at for {_queued:N0} events)");
            }

            var found = false;
            foreach (var (mid, ms) in _m)
            {
                if (ms.P == pid)
                {
                    cur = new TraceV2Ctx(ms.G, pid, mid);
                    found = true;
                }
            }

            if (!found)
            {
                throw Error(ev, $"failed to find sched context for proc {pid} that's about to be stolen");
            }
        }

        return Push(ev, cur, next);
    }

    private (bool, TraceV2Ctx) ProcStart(TraceV2Event ev, TraceV2Ctx cur)
    {
        var pid = ev.Args[0];
        var seq = new TraceV2Seq(_gen, ev.Args[1]);
        if (!_p.TryGetValue(pid, out var state) || state.Status != TraceV2ProcStatus.Idle || !seq.Succeeds(state.Seq) || cur.P != None)
        {
            return (false, cur); // not yet: the proc's status or an earlier event of it is on another M
        }

        Validate(ev, cur, (Need.Must, Need.MustNot, Need.May));
        state.Status = TraceV2ProcStatus.Running;
        state.Seq = seq;
        return Push(ev, cur, cur with { P = pid });
    }

    private (bool, TraceV2Ctx) ProcStop(TraceV2Event ev, TraceV2Ctx cur)
    {
        if (!_p.TryGetValue(cur.P, out var state))
        {
            throw Error(ev, $"event ProcStop for proc ({Id(cur.P)}) that doesn't exist");
        }

        if (state.Status is not (TraceV2ProcStatus.Running or TraceV2ProcStatus.Syscall))
        {
            throw Error(ev, "ProcStop event for proc that's not Running or Syscall");
        }

        Validate(ev, cur, (Need.Must, Need.Must, Need.May));
        state.Status = TraceV2ProcStatus.Idle;
        return Push(ev, cur, cur with { P = None });
    }

    private (bool, TraceV2Ctx) ProcSteal(TraceV2Event ev, TraceV2Ctx cur)
    {
        var pid = ev.Args[0];
        var seq = new TraceV2Seq(_gen, ev.Args[1]);
        if (!_p.TryGetValue(pid, out var state) || state.Status is not (TraceV2ProcStatus.Syscall or TraceV2ProcStatus.SyscallAbandoned) || !seq.Succeeds(state.Seq))
        {
            return (false, cur);
        }

        Validate(ev, cur, (Need.Must, Need.May, Need.May));
        var old = state.Status;
        state.Status = TraceV2ProcStatus.Idle;
        state.Seq = seq;
        if (old == TraceV2ProcStatus.SyscallAbandoned)
        {
            return Push(ev, cur, cur); // the thread it was taken from is lost: leave it alone
        }

        var mid = ev.Args[2];
        if (mid == cur.M)
        {
            if (cur.P != pid)
            {
                throw Error(ev, $"tried to self-steal proc {pid} (thread {mid}), but got proc {Id(cur.P)} instead");
            }

            return Push(ev, cur, cur with { P = None });
        }

        if (!_m.TryGetValue(mid, out var from))
        {
            throw Error(ev, $"stole proc from non-existent thread {mid}");
        }

        if (from.P != pid)
        {
            throw Error(ev, $"tried to steal proc {pid} from thread {mid}, but got proc {Id(from.P)} instead");
        }

        from.P = None;
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoStatus(TraceV2Event ev, TraceV2Ctx cur)
    {
        var gid = ev.Args[0];
        var mid = ev.Args[1];
        if (ev.Args[2] > (ulong)TraceV2GoStatus.Waiting)
        {
            throw Error(ev, $"invalid status for goroutine {Id(gid)}: {ev.Args[2]}");
        }

        var status = (TraceV2GoStatus)ev.Args[2];
        if (_g.TryGetValue(gid, out var s))
        {
            if (s.Status != status)
            {
                throw Error(ev, $"inconsistent status for goroutine {Id(gid)}: old {s.Status} vs. new {status}");
            }

            s.Seq = new TraceV2Seq(_gen, 0);
        }
        else if (_gen == _initialGen)
        {
            _g[gid] = new TraceV2GState(gid, status, new TraceV2Seq(_gen, 0));
        }
        else
        {
            throw Error(ev, $"found goroutine status for new goroutine after the first generation: id={Id(gid)} status={status}");
        }

        var next = cur;
        if (status == TraceV2GoStatus.Running)
        {
            next.G = gid;
        }
        else if (status == TraceV2GoStatus.Syscall)
        {
            if (mid == None)
            {
                throw Error(ev, $"found goroutine {Id(gid)} in syscall without a thread");
            }

            if (mid == cur.M)
            {
                if (_gen != _initialGen && cur.G != gid)
                {
                    throw Error(ev, $"inconsistent thread for syscalling goroutine {Id(gid)}: thread has goroutine {Id(cur.G)}");
                }

                next.G = gid;
            }
            else
            {
                // A goroutine sitting in a syscall on another thread for the whole generation.
                if (_m.TryGetValue(mid, out var ms))
                {
                    if (ms.G != gid)
                    {
                        throw Error(ev, $"inconsistent thread for syscalling goroutine {Id(gid)}: thread has goroutine {Id(ms.G)}");
                    }

                    cur.G = ms.G;
                }
                else
                {
                    _m[mid] = new TraceV2MState { G = gid };
                }

                cur.M = mid;
            }
        }

        return Push(ev, cur, next);
    }

    private (bool, TraceV2Ctx) GoCreate(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, (Need.Must, Need.Must, Need.May));
        if (_g.TryGetValue(cur.G, out var creator) && creator.Status != TraceV2GoStatus.Running)
        {
            throw Error(ev, $"{Name(ev)} event for goroutine that's not Running");
        }

        var gid = ev.Args[0];
        if (_g.ContainsKey(gid))
        {
            throw Error(ev, $"tried to create goroutine ({Id(gid)}) that already exists");
        }

        var status = ev.Type == T.GoCreateBlocked ? TraceV2GoStatus.Waiting : TraceV2GoStatus.Runnable;
        _g[gid] = new TraceV2GState(gid, status, new TraceV2Seq(_gen, 0));
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoStopExec(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var state = Running(ev, cur, TraceV2GoStatus.Running);
        switch (ev.Type)
        {
            case T.GoDestroy:
                _g.Remove(cur.G);
                break;
            case T.GoStop:
                state.Status = TraceV2GoStatus.Runnable;
                break;
            default:
                state.Status = TraceV2GoStatus.Waiting;
                break;
        }

        return Push(ev, cur, cur with { G = None });
    }

    private (bool, TraceV2Ctx) GoStart(TraceV2Event ev, TraceV2Ctx cur)
    {
        var gid = ev.Args[0];
        var seq = new TraceV2Seq(_gen, ev.Args[1]);
        if (!_g.TryGetValue(gid, out var state) || state.Status != TraceV2GoStatus.Runnable || !seq.Succeeds(state.Seq))
        {
            return (false, cur);
        }

        Validate(ev, cur, (Need.Must, Need.Must, Need.MustNot));
        state.Status = TraceV2GoStatus.Running;
        state.Seq = seq;
        return Push(ev, cur, cur with { G = gid });
    }

    private (bool, TraceV2Ctx) GoUnblock(TraceV2Event ev, TraceV2Ctx cur)
    {
        var seq = new TraceV2Seq(_gen, ev.Args[1]);
        if (!_g.TryGetValue(ev.Args[0], out var state) || state.Status != TraceV2GoStatus.Waiting || !seq.Succeeds(state.Seq))
        {
            return (false, cur);
        }

        state.Status = TraceV2GoStatus.Runnable;
        state.Seq = seq;
        return Push(ev, cur, cur); // anything may unblock a goroutine (sysmon too): no context to check
    }

    private (bool, TraceV2Ctx) GoSwitch(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var current = Running(ev, cur, TraceV2GoStatus.Running);
        var nextG = ev.Args[0];
        var seq = new TraceV2Seq(_gen, ev.Args[1]);
        if (!_g.TryGetValue(nextG, out var next) || next.Status != TraceV2GoStatus.Waiting || !seq.Succeeds(next.Seq))
        {
            return (false, cur);
        }

        Enqueue(ev, cur);
        if (ev.Type == T.GoSwitch)
        {
            current.Status = TraceV2GoStatus.Waiting;
            Enqueue(TraceV2Event.Make(T.GoBlock, ev.Time, ev.Offset, 0, 0), cur);
        }
        else
        {
            _g.Remove(cur.G);
            Enqueue(TraceV2Event.Make(T.GoDestroy, ev.Time, ev.Offset), cur);
        }

        next.Status = TraceV2GoStatus.Running;
        next.Seq = seq;
        Enqueue(TraceV2Event.Make(T.GoStart, ev.Time, ev.Offset, nextG, ev.Args[1]), cur with { G = None });
        return (true, cur with { G = nextG });
    }

    private (bool, TraceV2Ctx) GoSyscallBegin(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var state = Running(ev, cur, TraceV2GoStatus.Running);
        state.Status = TraceV2GoStatus.Syscall;
        var p = Proc(ev, cur.P);
        p.Status = TraceV2ProcStatus.Syscall;
        var seq = new TraceV2Seq(_gen, ev.Args[0]);
        if (!seq.Succeeds(p.Seq))
        {
            throw Error(ev, $"failed to advance GoSyscallBegin: can't make sequence: {p.Seq} -> {seq}");
        }

        p.Seq = seq;
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoSyscallEnd(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var state = Running(ev, cur, TraceV2GoStatus.Syscall);
        state.Status = TraceV2GoStatus.Running;
        var p = Proc(ev, cur.P);
        if (p.Status != TraceV2ProcStatus.Syscall)
        {
            throw Error(ev, $"expected proc {Id(cur.P)} in state Syscall, but got {p.Status} instead");
        }

        p.Status = TraceV2ProcStatus.Running;
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoSyscallEndBlocked(TraceV2Event ev, TraceV2Ctx cur)
    {
        if (cur.P != None && Proc(ev, cur.P).Status == TraceV2ProcStatus.Syscall)
        {
            return (false, cur); // not until the proc has been stopped or stolen
        }

        Validate(ev, cur, (Need.Must, Need.May, Need.Must));
        var state = Running(ev, cur, TraceV2GoStatus.Syscall);
        state.Status = TraceV2GoStatus.Runnable;
        return Push(ev, cur, cur with { G = None });
    }

    private (bool, TraceV2Ctx) GoCreateSyscall(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, (Need.Must, Need.May, Need.MustNot));
        var gid = ev.Args[0];
        if (_g.ContainsKey(gid))
        {
            throw Error(ev, $"tried to create goroutine ({Id(gid)}) in syscall that already exists");
        }

        _g[gid] = new TraceV2GState(gid, TraceV2GoStatus.Syscall, new TraceV2Seq(_gen, 0));
        return Push(ev, cur, cur with { G = gid });
    }

    private (bool, TraceV2Ctx) GoDestroySyscall(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, (Need.Must, Need.May, Need.Must));
        Running(ev, cur, TraceV2GoStatus.Syscall);
        _g.Remove(cur.G);
        var next = cur with { G = None };
        if (cur.P != None)
        {
            if (!_p.TryGetValue(cur.P, out var p))
            {
                throw Error(ev, $"found invalid proc {Id(cur.P)} during GoDestroySyscall");
            }

            if (p.Status != TraceV2ProcStatus.Syscall)
            {
                throw Error(ev, $"proc {Id(cur.P)} in unexpected state {p.Status} during GoDestroySyscall");
            }

            // The thread's ID may be reused: the proc is let go now, as a steal of it by this thread.
            p.Status = TraceV2ProcStatus.SyscallAbandoned;
            next.P = None;
            Enqueue(TraceV2Event.Make(T.ProcSteal, ev.Time, ev.Offset, cur.P), cur);
        }

        return Push(ev, cur, next);
    }

    private (bool, TraceV2Ctx) UserTaskBegin(TraceV2Event ev, TraceV2Ctx cur)
    {
        var id = ev.Args[0];
        if (_tasks.ContainsKey(id))
        {
            throw Error(ev, $"task ID conflict: {id}");
        }

        _tasks[id] = StringArg(ev, 2);
        Validate(ev, cur, s_userGo);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) UserTaskEnd(TraceV2Event ev, TraceV2Ctx cur)
    {
        _tasks.Remove(ev.Args[0]);
        Validate(ev, cur, s_userGo);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) UserRegion(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var region = (ev.Args[0], StringArg(ev, 1));
        if (!_g.TryGetValue(cur.G, out var g))
        {
            throw Error(ev, $"encountered Ev{Name(ev)} without known state for current goroutine {Id(cur.G)}");
        }

        if (ev.Type == T.UserRegionBegin)
        {
            g.Regions.Add(region);
        }
        else if (g.Regions.Count > 0)
        {
            // Regions begun before the trace started are not known: their ends pass.
            if (g.Regions[^1] != region)
            {
                throw Error(ev, $"misuse of region in goroutine {Id(g.Id)}: region end {region} when the inner-most active region start event is {g.Regions[^1]}");
            }

            g.Regions.RemoveAt(g.Regions.Count - 1);
        }

        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcActive(TraceV2Event ev, TraceV2Ctx cur)
    {
        var seq = ev.Args[0];
        if (_gen == _initialGen)
        {
            if (_gc != GcState.Undetermined)
            {
                throw Error(ev, "GCActive in the first generation isn't first GC event");
            }

            _gcSeq = seq;
            _gc = GcState.Running;
            return Push(ev, cur, cur);
        }

        if (seq != _gcSeq + 1)
        {
            return (false, cur);
        }

        if (_gc != GcState.Running)
        {
            throw Error(ev, "encountered GCActive while GC was not in progress");
        }

        _gcSeq = seq;
        Validate(ev, cur, s_userGo);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcBegin(TraceV2Event ev, TraceV2Ctx cur)
    {
        var seq = ev.Args[0];
        if (_gc == GcState.Undetermined)
        {
            _gcSeq = seq;
            _gc = GcState.Running;
            return Push(ev, cur, cur);
        }

        if (seq != _gcSeq + 1)
        {
            return (false, cur);
        }

        if (_gc == GcState.Running)
        {
            throw Error(ev, "encountered GCBegin while GC was already in progress");
        }

        _gcSeq = seq;
        _gc = GcState.Running;
        Validate(ev, cur, s_userGo);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcEnd(TraceV2Event ev, TraceV2Ctx cur)
    {
        var seq = ev.Args[0];
        if (seq != _gcSeq + 1)
        {
            return (false, cur);
        }

        if (_gc == GcState.NotRunning)
        {
            throw Error(ev, "encountered GCEnd when GC was not in progress");
        }

        if (_gc == GcState.Undetermined)
        {
            throw Error(ev, "encountered GCEnd when GC was in an undetermined state");
        }

        _gcSeq = seq;
        _gc = GcState.NotRunning;
        Validate(ev, cur, s_userGo);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcSweepBegin(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, (Need.Must, Need.Must, Need.May));
        Check(ev, Proc(ev, cur.P).Begin(new TraceV2Range(T.GcSweepBegin, 0)));
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcSweepActive(TraceV2Event ev, TraceV2Ctx cur)
    {
        var pid = ev.Args[0];
        if (!_p.TryGetValue(pid, out var p))
        {
            throw Error(ev, $"encountered GCSweepActive for unknown proc {pid}");
        }

        Check(ev, p.Active(new TraceV2Range(T.GcSweepBegin, 0), _gen == _initialGen));
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GcSweepEnd(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, (Need.Must, Need.Must, Need.May));
        Check(ev, Proc(ev, cur.P).End(ev.Type, version).Error);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoRangeBegin(TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var desc = ev.Type == T.StwBegin ? ev.Args[0] : 0;
        Check(ev, Goroutine(ev, cur.G).Begin(new TraceV2Range(ev.Type, desc)));
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoRangeActive(TraceV2Event ev, TraceV2Ctx cur)
    {
        // Like GoStatus, it may name a goroutine that is not running: the context is not checked.
        var gid = ev.Args[0];
        if (!_g.TryGetValue(gid, out var g))
        {
            throw Error(ev, $"uninitialized goroutine {Id(gid)} found during {Name(ev)}");
        }

        Check(ev, g.Active(new TraceV2Range(T.GcMarkAssistBegin, 0), _gen == _initialGen));
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) GoRangeEnd(ref TraceV2Event ev, TraceV2Ctx cur)
    {
        Validate(ev, cur, s_userGo);
        var (desc, error) = Goroutine(ev, cur.G).End(ev.Type, version);
        Check(ev, error);
        if (ev.Type == T.StwEnd)
        {
            ev.Args[0] = desc; // the kind, as its Begin named it
        }

        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) Annotation(TraceV2Event ev, TraceV2Ctx cur) => Validated(ev, cur, s_userGo);

    private (bool, TraceV2Ctx) Validated(TraceV2Event ev, TraceV2Ctx cur, (Need M, Need P, Need G) need)
    {
        Validate(ev, cur, need);
        return Push(ev, cur, cur);
    }

    private (bool, TraceV2Ctx) Push(TraceV2Event ev, TraceV2Ctx ctx, TraceV2Ctx next)
    {
        Enqueue(ev, ctx);
        return (true, next);
    }

    private void Enqueue(TraceV2Event ev, TraceV2Ctx ctx)
    {
        ev.G = ctx.G;
        ev.P = ctx.P;
        ev.M = ctx.M;
        _queue.Enqueue(ev);
        _queued++;
    }

    /// <summary>The goroutine on the thread, which must exist and have <paramref name="status"/>.</summary>
    private TraceV2GState Running(TraceV2Event ev, TraceV2Ctx cur, TraceV2GoStatus status)
    {
        var g = Goroutine(ev, cur.G, $"event {Name(ev)} for goroutine ({Id(cur.G)}) that doesn't exist");
        if (g.Status != status)
        {
            throw Error(ev, $"{Name(ev)} event for goroutine that's not {status}");
        }

        return g;
    }

    private TraceV2GState Goroutine(TraceV2Event ev, ulong gid, string? missing = null) =>
        _g.TryGetValue(gid, out var g) ? g : throw Error(ev, missing ?? $"encountered event of type {ev.Type} without known state for current goroutine {Id(gid)}");

    private TraceV2PState Proc(TraceV2Event ev, ulong pid) =>
        _p.TryGetValue(pid, out var p) ? p : throw Error(ev, $"uninitialized proc {Id(pid)} found during {Name(ev)}");

    private string StringArg(TraceV2Event ev, int index)
    {
        var id = ev.Args[index];
        return _tables.HasString(id) ? _tables.String(id) : throw Error(ev, $"invalid string ID {id} for {Name(ev)} event");
    }

    private void Validate(TraceV2Event ev, TraceV2Ctx ctx, (Need M, Need P, Need G) need)
    {
        Check(ev, Requirement(ctx.M, need.M, "thread") ?? Requirement(ctx.P, need.P, "proc") ?? Requirement(ctx.G, need.G, "goroutine"));
    }

    private static string? Requirement(ulong id, Need need, string what) => need switch
    {
        Need.Must when id == None => $"expected a {what} but didn't have one",
        Need.MustNot when id != None => $"expected no {what} but had one",
        _ => null,
    };

    private void Check(TraceV2Event ev, string? error)
    {
        if (error is not null)
        {
            throw Error(ev, error);
        }
    }

    private static string Name(TraceV2Event ev) => TraceV2Specs.Names[ev.Type];

    /// <summary>An ID as Go prints it: the "none" value is −1.</summary>
    private static string Id(ulong id) => id == None ? "-1" : id.ToString();

    private InputFormatException Error(TraceV2Event ev, string what) =>
        InputFormatException.AtOffset(file, ev.Offset, $"{TraceV2Specs.Names[ev.Type]}: {what}");
}
