using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>Where the merge takes events from: one P's batches, or the CPU samples.</summary>
internal abstract class TraceV1Source
{
    /// <summary>The P the events are on (the fake ProfileP for CPU samples): Go merges the sources in this order.</summary>
    public abstract int Key { get; }

    /// <summary>The next event, or false when there is none.</summary>
    public abstract bool Next(out TraceV1Raw ev);
}

/// <summary>
/// One P's events read again from the file, batch after batch (Go's parseEvents for that P): each event's time is a
/// delta on the last, the goroutine running on the P is tracked, and records that are not the P's (strings, stacks,
/// frequency) are stepped over. A batch ends at the next `Batch` header or the end of the file.
/// </summary>
internal sealed class TraceV1Cursor(TraceV1Index index, List<TraceV1Segment> segments, int p, SafeFileHandle file, string name, int maxRecord) : TraceV1Source
{
    private readonly TraceV1Bytes _bytes = new(file, name, maxRecord);
    private readonly TraceV1Decoder _decoder = new(index.Version, name);
    private int _segment = -1;
    private long _lastTs;
    private long _lastSeq;
    private ulong _lastG;
    private bool _inSegment;

    public override int Key => p;

    public override bool Next(out TraceV1Raw ev)
    {
        var version = index.Version;
        while (true)
        {
            if (!_inSegment)
            {
                if (++_segment == segments.Count)
                {
                    ev = default;
                    return false;
                }

                var s = segments[_segment];
                _bytes.Seek(s.Start);
                _lastTs = s.Ts;
                _lastSeq = s.Seq;
                _inSegment = true;
            }

            if (!_decoder.Next(_bytes))
            {
                _inSegment = false;
                continue;
            }

            var type = _decoder.Type;
            if (type == TraceEventType.Batch)
            {
                _inSegment = false;
                continue;
            }

            var args = _decoder.Args;
            if (type is TraceEventType.String or TraceEventType.Stack or TraceEventType.Frequency or TraceEventType.TimerGoroutine)
            {
                _decoder.Done(_bytes);
                continue;
            }

            ev = new TraceV1Raw { Off = _decoder.Off, Type = type, P = p, G = _lastG };
            int argOffset;
            if (version < 1007)
            {
                ev.Seq = _lastSeq + (long)args[0];
                ev.Ts = _lastTs + (long)args[1];
                _lastSeq = ev.Seq;
                argOffset = 2;
            }
            else
            {
                ev.Ts = _lastTs + (long)args[0];
                argOffset = 1;
            }

            _lastTs = ev.Ts;
            if (type == TraceEventType.CPUSample)
            {
                _decoder.Done(_bytes); // served apart, time-sorted (TraceV1Index.Samples)
                continue;
            }

            var narg = _decoder.Count;
            var hasStack = type.Describe().HasStack;
            var last = hasStack ? narg - 1 : narg;
            if (hasStack)
            {
                ev.StackId = args[narg - 1];
            }

            ev.Arg0 = argOffset < last ? args[argOffset] : 0;
            ev.Arg1 = argOffset + 1 < last ? args[argOffset + 1] : 0;
            ev.Arg2 = argOffset + 2 < last ? args[argOffset + 2] : 0;
            switch (type)
            {
                case TraceEventType.GoStart or TraceEventType.GoStartLocal or TraceEventType.GoStartLabel:
                    _lastG = ev.Arg0;
                    ev.G = _lastG;
                    break;
                case TraceEventType.GCSTWStart or TraceEventType.GCStart or TraceEventType.GCDone or TraceEventType.GCSTWDone:
                    ev.G = 0;
                    break;
                case TraceEventType.GoEnd or TraceEventType.GoStop or TraceEventType.GoSched or TraceEventType.GoPreempt or TraceEventType.GoSleep
                    or TraceEventType.GoBlock or TraceEventType.GoBlockSend or TraceEventType.GoBlockRecv or TraceEventType.GoBlockSelect
                    or TraceEventType.GoBlockSync or TraceEventType.GoBlockCond or TraceEventType.GoBlockNet or TraceEventType.GoSysBlock
                    or TraceEventType.GoBlockGC:
                    _lastG = 0;
                    break;
                case TraceEventType.GoSysExit or TraceEventType.GoWaiting or TraceEventType.GoInSyscall:
                    ev.G = ev.Arg0;
                    break;
                case TraceEventType.UserLog:
                    ev.LogOff = _decoder.Off + _decoder.DataStart;
                    ev.LogLength = _decoder.DataLength;
                    break;
            }

            _decoder.Done(_bytes);
            return true;
        }
    }
}

/// <summary>The CPU samples as the merge takes them: sorted by their own time, ties in file order (Go's sort.Stable).</summary>
internal sealed class TraceV1Samples : TraceV1Source
{
    private readonly TraceV1Raw[] _samples;
    private int _next;

    public override int Key => TraceProcs.ProfileP;

    public TraceV1Samples(List<TraceV1Raw> samples)
    {
        var keys = new (long Ts, int Index)[samples.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (samples[i].Ts, i);
        }

        Array.Sort(keys);
        _samples = [.. keys.Select(k => samples[k.Index])];
    }

    public override bool Next(out TraceV1Raw ev)
    {
        if (_next == _samples.Length)
        {
            ev = default;
            return false;
        }

        ev = _samples[_next++];
        return true;
    }
}
