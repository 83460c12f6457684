using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>
/// Summarizes merged v1 events without keeping them: what Go's parser does after the merge (syscall exits checked
/// against their blocks, ticks to nanoseconds, futile wakeups taken back, GC pairing checked), then the summary.
/// </summary>
internal sealed class TraceV1Summary : ITraceV1Sink
{
    private static readonly string[] s_names = [.. Enumerable.Range(0, TraceEventTypes.Count).Select(t => ((TraceEventType)t).Name())];
    private readonly TraceV1Index _index;
    private readonly string _file;
    private readonly SafeFileHandle _handle;
    private readonly TraceSummaryBuilder _builder;
    private readonly TraceV1Pairing _pairing;
    private readonly TraceV1FutileCounts _futile = new();
    private readonly Dictionary<ulong, long> _lastSysBlock = [];
    private readonly Dictionary<ulong, string> _payers = [];
    private readonly Action<TraceEventType, long> _takeBack;
    private readonly double _nsPerTick;
    private long? _minTs;

    public TraceV1Summary(TraceV1Index index, string file, SafeFileHandle handle, Action<HeapPoint>? timeline)
    {
        _index = index;
        _handle = handle;
        _file = file;
        _nsPerTick = 1e9 / index.TicksPerSecond;
        _builder = new TraceSummaryBuilder($"{index.Version / 1000}.{index.Version % 1000}", "v1", s_names, index.Version >= 1007, timeline);
        _pairing = new TraceV1Pairing(file, index.Version);
        _takeBack = (type, count) => _builder.Uncount((int)type, count);
    }

    /// <summary>One event as the merge gives it (ticks, syscall exits at their place in the merge).</summary>
    public void Accept(ref TraceV1Raw ev)
    {
        _minTs ??= ev.Ts;
        var ts = ev.Ts;
        switch (ev.Type)
        {
            case TraceEventType.GoSysBlock or TraceEventType.GoInSyscall:
                _lastSysBlock[ev.G] = ev.Ts;
                break;
            case TraceEventType.GoSysExit:
                ts = TraceV1Order.SyscallExitTime(ev.Arg2, _lastSysBlock.GetValueOrDefault(ev.G), ev.Off, _file) ?? ts;
                break;
        }

        _futile.Accept(ev.Type, ev.G, ev.Arg0, _takeBack);
        Summarize(ev.Type, ev.P, ev.G, (long)((ts - _minTs.Value) * _nsPerTick), ev.Arg0, ev.StackId, ev.Off);
    }

    /// <summary>Events Go's parser has fully processed already (the Go 1.5–1.6 path).</summary>
    public void AcceptOrdered(List<TraceEvent> events)
    {
        foreach (var e in events)
        {
            Summarize(e.Type, e.P, e.G, e.Ts, e.Arg0, e.StackId, e.Off);
        }
    }

    public TraceSummary Build() => _builder.Build();

    private void Summarize(TraceEventType type, int p, ulong g, long ns, ulong arg0, ulong stackId, long off)
    {
        _pairing.Accept(type, p, g, ns, off);
        _builder.Event((int)type, ns);
        switch (type)
        {
            case TraceEventType.GoCreate:
                _builder.GoroutineCreated();
                break;
            case TraceEventType.HeapAlloc:
                _builder.HeapAlloc(ns, (long)arg0);
                break;
            case TraceEventType.HeapGoal:
                _builder.HeapGoal(ns, (long)arg0);
                break;
            case TraceEventType.GCStart:
                _builder.GcStart(ns, TraceSummaryBuilder.IsForced(_index.Frames(stackId, _handle, _file)));
                break;
            case TraceEventType.GCDone:
                _builder.GcDone(ns);
                break;
            case TraceEventType.GCSTWStart:
                _builder.StwStart(_index.Version < 1010 ? p : -1, ns, TraceV1StwKinds.Of(arg0, _index.Version));
                break;
            case TraceEventType.GCSTWDone:
                _builder.StwDone(_index.Version < 1010 ? p : -1, ns);
                break;
            case TraceEventType.GCMarkAssistStart:
                if (!_payers.TryGetValue(stackId, out var payer))
                {
                    payer = TraceSummaryBuilder.PayerOf(_index.Frames(stackId, _handle, _file), _index.Version >= 1007);
                    _payers[stackId] = payer;
                }

                _builder.AssistStart(g, ns, payer);
                break;
            case TraceEventType.GCMarkAssistDone:
                _builder.AssistDone(g, ns);
                break;
        }
    }
}
