using System.Runtime.CompilerServices;

namespace AllocScope.Trace;

/// <summary>The arguments of a v2 event after its time delta (at most 5, Go's MaxTimedEventArgs).</summary>
[InlineArray(5)]
internal struct TraceV2Args
{
    private ulong _first;
}

/// <summary>
/// One v2 event: its type (byte value), time in nanoseconds (absolute, as Go computes it), arguments, where it sits in
/// the input, and once ordered the goroutine, proc and thread it happened on (<see cref="TraceV2Order.None"/> for none).
/// </summary>
internal struct TraceV2Event
{
    public byte Type;
    public long Time;
    public TraceV2Args Args;
    public long Offset;
    public ulong G;
    public ulong P;
    public ulong M;

    public static TraceV2Event Make(byte type, long time, long offset, params ReadOnlySpan<ulong> args)
    {
        var ev = new TraceV2Event { Type = type, Time = time, Offset = offset };
        for (var i = 0; i < args.Length; i++)
        {
            ev.Args[i] = args[i];
        }

        return ev;
    }
}
