using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>Collects merged v1 events as <see cref="TraceEvent"/> objects, with their string arguments resolved.</summary>
internal sealed class TraceV1EventList(TraceV1Index index, SafeFileHandle file) : ITraceV1Sink
{
    public List<TraceEvent> Events { get; } = [];

    public void Accept(ref TraceV1Raw ev) => Events.Add(ToEvent(ref ev));

    public TraceEvent ToEvent(ref TraceV1Raw ev)
    {
        var e = new TraceEvent
        {
            Off = ev.Off,
            Type = ev.Type,
            P = ev.P,
            G = ev.G,
            Ts = ev.Ts,
            Seq = ev.Seq,
            Arg0 = ev.Arg0,
            Arg1 = ev.Arg1,
            Arg2 = ev.Arg2,
            StackId = ev.StackId,
        };
        e.SArgs = ev.Type switch
        {
            TraceEventType.GCSTWStart => [TraceV1StwKinds.Of(ev.Arg0, index.Version)],
            TraceEventType.GoStartLabel => [Text(ev.Arg2)],
            TraceEventType.UserTaskCreate or TraceEventType.UserRegion => [Text(ev.Arg2)],
            TraceEventType.UserLog => [Text(ev.Arg1), Message(ev)],
            _ => null,
        };
        return e;
    }

    private string Text(ulong id) => index.Strings.GetValueOrDefault(id, string.Empty);

    private string Message(in TraceV1Raw ev)
    {
        if (ev.LogLength == 0)
        {
            return string.Empty;
        }

        var bytes = new byte[ev.LogLength];
        RandomAccess.Read(file, bytes, ev.LogOff);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}
