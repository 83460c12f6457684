using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Reads the events of one M's batches of a generation in turn (Go's batchCursor): each event's time is its delta in
/// ticks, as nanoseconds, added to the previous event's time, the first one's to its batch's base time (held at the
/// largest time rather than wrapping, so a hostile delta cannot make time run backwards).
/// </summary>
internal sealed class TraceV2Cursor(ulong m, List<TraceV2Batch> batches)
{
    private int _index;
    private int _offset;
    private long _lastTs;

    public ulong M => m;

    /// <summary>The event read last (the M's next one to order).</summary>
    public TraceV2Event Event;

    /// <summary>Reads the next event; false when the M's batches are done.</summary>
    public bool Next(TraceV2Generation g, int version, string file)
    {
        while (_index < batches.Count && batches[_index].Data.Length == _offset)
        {
            _index++;
            _offset = 0;
            _lastTs = 0;
        }

        if (_index == batches.Count)
        {
            return false;
        }

        var batch = batches[_index];
        if (_lastTs == 0)
        {
            _lastTs = g.Ns(batch.Time);
        }

        var r = new SpanReader(batch.Data.AsSpan(_offset), batch.DataOffset + _offset, file);
        var at = r.Position;
        var type = r.ReadByte();
        var spec = TraceV2Specs.For(type, version);
        if (spec is null)
        {
            throw r.ErrorAt(at, $"found invalid event type: {type}");
        }

        if (spec.Args.Length == 0 || !spec.IsTimed)
        {
            throw r.ErrorAt(at, $"found event without a timestamp: type={type}");
        }

        var dt = r.ReadVarint();
        var ev = new TraceV2Event { Type = type, Offset = at };
        for (var i = 0; i < spec.Args.Length - 1; i++)
        {
            ev.Args[i] = r.ReadVarint();
        }

        ev.Time = TraceV2Generation.Later(_lastTs, g.Ns(dt));
        _lastTs = ev.Time;
        _offset += r.Consumed;
        Event = ev;
        return true;
    }
}
