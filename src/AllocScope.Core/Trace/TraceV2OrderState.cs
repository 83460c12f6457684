namespace AllocScope.Trace;

/// <summary>A goroutine's status in a v2 trace (Go's tracev2.GoStatus).</summary>
internal enum TraceV2GoStatus : byte
{
    Bad,
    Runnable,
    Running,
    Syscall,
    Waiting,
}

/// <summary>A proc's status in a v2 trace (Go's tracev2.ProcStatus).</summary>
internal enum TraceV2ProcStatus : byte
{
    Bad,
    Running,
    Idle,
    Syscall,
    SyscallAbandoned,
}

/// <summary>Go's seqCounter: a goroutine's or proc's sequence number, local to a generation.</summary>
internal readonly record struct TraceV2Seq(ulong Gen, ulong N)
{
    /// <summary>True when this is the immediate successor of <paramref name="b"/> in the same generation.</summary>
    public bool Succeeds(TraceV2Seq b) => Gen == b.Gen && N == b.N + 1;

    public override string ToString() => $"{N} (gen={Gen})";
}

/// <summary>A kind of range in flight on a goroutine or proc: its Begin event and a subtype (the STW kind's string ID).</summary>
internal readonly record struct TraceV2Range(byte Begin, ulong Desc);

/// <summary>The ranges (STW, mark assists, sweeps) in flight on a goroutine or proc (Go's rangeState).</summary>
internal class TraceV2Ranges
{
    /// <summary>
    /// Ranges in flight on one goroutine or proc at a time. The runtime has at most a few (a pause, an assist, a sweep);
    /// Go's reader has no bound, but a hostile trace with thousands (STWs of distinct kinds never ended) would make
    /// every check a long scan.
    /// </summary>
    public const int MaxInFlight = 256;

    private readonly List<TraceV2Range> _inFlight = [];

    public string? Begin(TraceV2Range r)
    {
        if (_inFlight.Contains(r))
        {
            return $"discovered event already in-flight for when starting event {TraceV2Specs.Names[r.Begin]}";
        }

        return Add(r);
    }

    /// <summary>An Active event: in the first generation it opens the range, later it must already be open.</summary>
    public string? Active(TraceV2Range r, bool initialGen)
    {
        if (initialGen)
        {
            if (_inFlight.Contains(r))
            {
                return $"found named active range already in first gen: {TraceV2Specs.Names[r.Begin]}";
            }

            return Add(r);
        }
        else if (!_inFlight.Contains(r))
        {
            return $"resource is missing active range: {TraceV2Specs.Names[r.Begin]}";
        }

        return null;
    }

    private string? Add(TraceV2Range r)
    {
        if (_inFlight.Count == MaxInFlight)
        {
            return $"more than {MaxInFlight} ranges in flight at once (starting event {TraceV2Specs.Names[r.Begin]})";
        }

        _inFlight.Add(r);
        return null;
    }

    /// <summary>Closes the first range in flight that <paramref name="endType"/> ends; its subtype, or an error.</summary>
    public (ulong Desc, string? Error) End(byte endType, int version)
    {
        var begin = TraceV2Specs.For(endType, version)?.StartEvent ?? TraceV2EventType.None;
        var index = _inFlight.FindIndex(r => r.Begin == begin);
        if (index < 0)
        {
            return (0, $"tried to end event {TraceV2Specs.Names[begin]}, but not in-flight");
        }

        var desc = _inFlight[index].Desc;
        _inFlight[index] = _inFlight[^1];
        _inFlight.RemoveAt(_inFlight.Count - 1);
        return (desc, null);
    }
}

/// <summary>A goroutine as the ordering knows it: status, sequence number, user regions open, ranges in flight.</summary>
internal sealed class TraceV2GState(ulong id, TraceV2GoStatus status, TraceV2Seq seq) : TraceV2Ranges
{
    public ulong Id => id;

    public TraceV2GoStatus Status { get; set; } = status;

    public TraceV2Seq Seq { get; set; } = seq;

    public List<(ulong Task, string Name)> Regions { get; } = [];
}

/// <summary>A proc as the ordering knows it.</summary>
internal sealed class TraceV2PState(TraceV2ProcStatus status, TraceV2Seq seq) : TraceV2Ranges
{
    public TraceV2ProcStatus Status { get; set; } = status;

    public TraceV2Seq Seq { get; set; } = seq;
}

/// <summary>A thread: the goroutine and proc bound to it.</summary>
internal sealed class TraceV2MState
{
    public ulong G { get; set; } = TraceV2Order.None;

    public ulong P { get; set; } = TraceV2Order.None;
}

/// <summary>Where an event happens: its goroutine, proc and thread (<see cref="TraceV2Order.None"/> for none).</summary>
internal record struct TraceV2Ctx(ulong G, ulong P, ulong M);
