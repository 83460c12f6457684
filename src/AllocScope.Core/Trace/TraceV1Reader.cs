using AllocScope.Inputs;
using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>
/// Reads a v1 execution trace (Go 1.5–1.21) as Go 1.19's internal/trace parser does (readTrace, parseEvents, order,
/// removeFutile, postProcessTrace; FORMAT.md) in two passes: the first decodes and checks every event but keeps only an
/// index of each P's batches and the tables (<see cref="TraceV1Index"/>); the second reads the Ps' batches again side by
/// side and merges them (<see cref="TraceV1Order"/>). A summary keeps no events; standard input and compressed files
/// are spooled to a temporary file during the first pass. Errors name the offset of the event at fault.
/// </summary>
public static class TraceV1Reader
{
    /// <summary>Header versions this reader takes (Go 1.19's parser takes the same but 1.21).</summary>
    public static readonly IReadOnlySet<int> Versions = new HashSet<int> { 1005, 1007, 1008, 1009, 1010, 1011, 1019, 1021 };

    /// <summary>What a trace says about allocation and GC, without keeping its events.</summary>
    /// <param name="timeline">Told every heap point in time order (the `--timeline` CSV), if given.</param>
    public static TraceSummary Summarize(InputFile input, Action<HeapPoint>? timeline = null)
    {
        using var pass = TraceV1Pass.Open(input);
        var index = pass.Index;
        var summary = new TraceV1Summary(index, input.Name, pass.Handle, timeline);
        if (index.Version < 1007)
        {
            // Go 1.5–1.6 order by one global sequence, so the (small, old) trace is read whole.
            summary.AcceptOrdered(pass.Materialize());
        }
        else
        {
            TraceV1Order.Order1007(pass.Sources(), input.Name, summary);
        }

        return summary.Build();
    }

    /// <summary>The whole trace as Go's parser returns it: every event in order, times in nanoseconds, with the stacks.</summary>
    public static ExecutionTrace Read(InputFile input)
    {
        using var pass = TraceV1Pass.Open(input);
        var index = pass.Index;
        var stacks = new Dictionary<ulong, IReadOnlyList<TraceFrame>>(index.Stacks.Count);
        foreach (var id in index.Stacks.Keys)
        {
            if (id != 0 && index.Stacks[id].Frames != 0)
            {
                stacks[id] = index.Frames(id, pass.Handle, input.Name);
            }
        }

        return new ExecutionTrace { Version = index.Version, TicksPerSecond = index.TicksPerSecond, Events = pass.Materialize(), Stacks = stacks };
    }

    /// <summary>The file being read: its index, and handles to read its Ps' batches again.</summary>
    private sealed class TraceV1Pass : IDisposable
    {
        private readonly InputFile _input;
        private readonly FileStream? _spool;
        private readonly SafeFileHandle _handle;

        private TraceV1Pass(InputFile input, TraceV1Index index, FileStream? spool, SafeFileHandle handle)
        {
            _input = input;
            Index = index;
            _spool = spool;
            _handle = handle;
        }

        public TraceV1Index Index { get; }

        public SafeFileHandle Handle => _handle;

        private int MaxRecord => (int)Math.Min(int.MaxValue / 2, _input.Limits.MaxStringBytes);

        public static TraceV1Pass Open(InputFile input)
        {
            var file = input.Name;
            var version = TraceHeader.Parse(input.Head.Span, file);
            if (!Versions.Contains(version))
            {
                throw InputFormatException.AtOffset(file, 0, $"unsupported trace version {version / 1000}.{version % 1000}");
            }

            FileStream? spool = null;
            SafeFileHandle? handle = null;
            try
            {
                if (input.PlainPath is { } path)
                {
                    handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
                }
                else
                {
                    spool = SpoolFile.Create("trace");
                }

                var bytes = new TraceV1Bytes(input.Content, file, (int)Math.Min(int.MaxValue / 2, input.Limits.MaxStringBytes), 0, spool);
                if (!bytes.More(TraceHeader.Length))
                {
                    throw InputFormatException.AtOffset(file, 0, "truncated: a trace header is 16 bytes");
                }

                bytes.Advance(TraceHeader.Length);
                var index = TraceV1Index.Build(bytes, version, file, input.Limits.Memory);
                if (spool is not null)
                {
                    spool.Flush();
                    handle = spool.SafeFileHandle;
                }

                return new TraceV1Pass(input, index, spool, handle!);
            }
            catch
            {
                spool?.Dispose();
                if (spool is null)
                {
                    handle?.Dispose();
                }

                throw;
            }
        }

        /// <summary>A cursor per P, and the CPU samples on their fake P, in P order (Go's merge walks them so).</summary>
        public List<TraceV1Source> Sources()
        {
            var sources = Index.Segments.Select(kv => (TraceV1Source)new TraceV1Cursor(Index, kv.Value, kv.Key, _handle, _input.Name, MaxRecord)).ToList();
            if (Index.Samples.Count > 0)
            {
                sources.Add(new TraceV1Samples(Index.Samples));
            }

            sources.Sort((a, b) => a.Key.CompareTo(b.Key));
            return sources;
        }

        /// <summary>Every event in Go's order, as objects: for tests, `-d`-like views and the old Go 1.5–1.6 format.</summary>
        public List<TraceEvent> Materialize()
        {
            var file = _input.Name;
            var collect = new TraceV1EventList(Index, _handle);
            List<TraceEvent> events;
            if (Index.Version < 1007)
            {
                var byP = new Dictionary<int, List<TraceEvent>>();
                foreach (var source in Sources())
                {
                    var list = new List<TraceEvent>();
                    while (source.Next(out var ev))
                    {
                        list.Add(collect.ToEvent(ref ev));
                    }

                    byP[source.Key] = list;
                }

                events = TraceV1Order.Order1005(byP, file);
            }
            else
            {
                TraceV1Order.Order1007(Sources(), file, collect);
                events = TraceV1Order.SyscallExitTimes(collect.Events, file);
            }

            var minTs = events[0].Ts;
            var nsPerTick = 1e9 / Index.TicksPerSecond;
            foreach (var e in events)
            {
                e.Ts = (long)((e.Ts - minTs) * nsPerTick);
                if (Index.TimerGoroutines.Contains(e.G) && e.Type == TraceEventType.GoUnblock)
                {
                    e.P = TraceProcs.TimerP;
                }

                if (e.Type == TraceEventType.GoSysExit)
                {
                    e.P = TraceProcs.SyscallP;
                }
            }

            events = TraceV1Checks.RemoveFutile(events);
            TraceV1Checks.Verify(events, file, Index.Version);
            return events;
        }

        public void Dispose()
        {
            if (_spool is not null)
            {
                _spool.Dispose();
            }
            else
            {
                _handle.Dispose();
            }
        }
    }
}
