using AllocScope.Inputs;
using Microsoft.Win32.SafeHandles;

namespace AllocScope.Trace;

/// <summary>Where one P's events continue: the bytes after a `Batch` header, its base time and (Go 1.5) sequence.</summary>
internal readonly record struct TraceV1Segment(long Start, long Ts, long Seq);

/// <summary>
/// The first pass over a v1 trace: every event decoded and checked, but only an index kept — for each P the offsets
/// where its batches continue and how many events it has — beside the tables the events refer to (strings, stacks,
/// frequency, timer goroutines) and the CPU samples, which Go orders apart. Memory follows the tables and the number of
/// batches, not the number of events; the merge then reads each P's batches again.
/// </summary>
internal sealed class TraceV1Index
{
    private const int StackEntryBytes = 64;

    /// <summary>
    /// More Ps than any runtime runs with: each P costs a cursor and a slot that every merge step visits, so a hostile
    /// file naming millions of Ps would take quadratic time.
    /// </summary>
    public const int MaxPs = 4096;
    private readonly Dictionary<ulong, (long Off, TraceEventType Type)> _firstUse = [];
    private ulong _lastUse;

    private TraceV1Index(int version) => Version = version;

    public int Version { get; }

    public long TicksPerSecond { get; private set; }

    /// <summary>For each P with events, where its batches continue.</summary>
    public Dictionary<int, List<TraceV1Segment>> Segments { get; } = [];

    public Dictionary<ulong, string> Strings { get; } = [];

    /// <summary>Stack id → where its record is in the file and how many frames it has: frames are decoded when asked for (few are).</summary>
    public Dictionary<ulong, (long Off, int Length, int Frames)> Stacks { get; } = [];

    public HashSet<ulong> TimerGoroutines { get; } = [];

    /// <summary>CPU samples, with their own absolute time, P and goroutine (Go puts them on a fake P).</summary>
    public List<TraceV1Raw> Samples { get; } = [];

    /// <summary>Reads <paramref name="bytes"/> (positioned after the header) to its end.</summary>
    public static TraceV1Index Build(TraceV1Bytes bytes, int version, string file, MemoryBudget memory)
    {
        var index = new TraceV1Index(version);
        var decoder = new TraceV1Decoder(version, file);
        var p = 0;
        var segment = new TraceV1Segment(bytes.Position, 0, 0);
        var registered = false;
        var stwKinds = version < 1021 ? 2UL : (ulong)TraceV1StwKinds.Count;
        while (decoder.Next(bytes))
        {
            var args = decoder.Args;
            var type = decoder.Type;
            switch (type)
            {
                case TraceEventType.String:
                    if (!index.Strings.TryAdd(decoder.StringId, System.Text.Encoding.UTF8.GetString(bytes.Available.Slice(decoder.DataStart, decoder.DataLength))))
                    {
                        throw InputFormatException.AtOffset(file, decoder.Off, $"string has duplicate id {decoder.StringId}");
                    }

                    break;
                case TraceEventType.Batch:
                    decoder.Done(bytes);
                    p = (int)args[0];
                    segment = version < 1007 ? new(bytes.Position, (long)args[2], (long)args[1]) : new(bytes.Position, (long)args[1], 0);
                    registered = false;
                    continue;
                case TraceEventType.Frequency:
                    index.TicksPerSecond = (long)args[0];
                    if (index.TicksPerSecond <= 0)
                    {
                        throw InputFormatException.AtOffset(file, decoder.Off, "time stamps out of order (frequency is not positive)");
                    }

                    break;
                case TraceEventType.TimerGoroutine:
                    index.TimerGoroutines.Add(args[0]);
                    break;
                case TraceEventType.Stack:
                    index.AddStack(decoder, file, memory);
                    break;
                case TraceEventType.CPUSample:
                    // Its own time, P and goroutine; the delta before them still moves its P's clock (the cursor's job).
                    index.Samples.Add(new TraceV1Raw
                    {
                        Off = decoder.Off,
                        Type = type,
                        Ts = (long)args[1],
                        P = (int)args[2],
                        G = args[3],
                        Arg1 = args[2],
                        Arg2 = args[3],
                        StackId = args[4],
                    });
                    index.Use(args[4], decoder.Off, type);
                    break;
                default:
                    if (!registered)
                    {
                        if (!index.Segments.TryGetValue(p, out var list))
                        {
                            if (index.Segments.Count == MaxPs)
                            {
                                throw InputFormatException.AtOffset(file, decoder.Off, $"events on more than {MaxPs} Ps (P {p}): not a trace a Go runtime wrote");
                            }

                            list = [];
                            index.Segments[p] = list;
                        }

                        list.Add(segment);
                        registered = true;
                    }

                    var d = type.Describe();
                    if (d.HasStack)
                    {
                        index.Use(args[decoder.Count - 1], decoder.Off, type);
                    }

                    if (type == TraceEventType.GoCreate && version >= 1007)
                    {
                        index.Use(args[2], decoder.Off, type);
                    }

                    if (type == TraceEventType.GCSTWStart && version >= 1010 && args[1] >= stwKinds)
                    {
                        throw InputFormatException.AtOffset(file, decoder.Off, $"unknown STW kind {args[1]}");
                    }

                    break;
            }

            decoder.Done(bytes);
        }

        index.Check(file);
        return index;
    }

    private void Use(ulong stack, long off, TraceEventType type)
    {
        if (stack != 0 && stack != _lastUse)
        {
            _lastUse = stack;
            _firstUse.TryAdd(stack, (off, type));
        }
    }

    private void Check(string file)
    {
        if (Segments.Count == 0 && Samples.Count == 0)
        {
            throw InputFormatException.Whole(file, "trace is empty (no events)");
        }

        if (TicksPerSecond == 0)
        {
            throw InputFormatException.Whole(file, "no Frequency event (the trace is cut short: the runtime writes it when tracing stops)");
        }

        // The runtime writes its stack table after every event batch: a trace cut after the frequency loses stacks its
        // events name, which is how a cut at an event boundary shows. (Go 1.5's GoCreate names a start PC, not a stack.)
        var missing = _firstUse.Where(kv => !Stacks.ContainsKey(kv.Key) && !(Version < 1007 && kv.Value.Type == TraceEventType.GoCreate))
            .OrderBy(kv => kv.Value.Off).FirstOrDefault();
        if (missing.Key != 0)
        {
            throw InputFormatException.AtOffset(file, missing.Value.Off,
                $"{missing.Value.Type.Name()} names stack {missing.Key}, which is not in the trace: the trace is cut short (the runtime writes its stacks last)");
        }
    }

    private void AddStack(TraceV1Decoder decoder, string file, MemoryBudget memory)
    {
        var args = decoder.Args;
        if (decoder.Count < 2)
        {
            throw InputFormatException.AtOffset(file, decoder.Off, $"Stack has wrong number of arguments: want at least 2, got {decoder.Count}");
        }

        var size = args[1];
        if (size > 1000)
        {
            throw InputFormatException.AtOffset(file, decoder.Off, $"Stack has bad number of frames: {size}");
        }

        var want = Version < 1007 ? 2 + size : 2 + (4 * size);
        if ((ulong)decoder.Count != want)
        {
            throw InputFormatException.AtOffset(file, decoder.Off, $"Stack has wrong number of arguments: want {want}, got {decoder.Count}");
        }

        var id = args[0];
        Stacks[id] = (decoder.Off, decoder.Length, size == 0 || id == 0 ? 0 : (int)size);
        if ((Stacks.Count & 1023) == 0)
        {
            memory.Charge(StackEntryBytes * 1024L, file, decoder.Off, "trace stacks");
        }
    }

    /// <summary>A stack's frames with their names (empty for an unknown id), decoded from its record in <paramref name="file"/>.</summary>
    public IReadOnlyList<TraceFrame> Frames(ulong id, SafeFileHandle file, string name)
    {
        if (!Stacks.TryGetValue(id, out var at) || at.Frames == 0)
        {
            return [];
        }

        var bytes = new TraceV1Bytes(file, name, at.Length + 16, at.Length);
        bytes.Seek(at.Off);
        var decoder = new TraceV1Decoder(Version, name);
        decoder.Next(bytes);
        var args = decoder.Args;
        var frames = new TraceFrame[at.Frames];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = Version < 1007
                ? new TraceFrame(args[2 + i], string.Empty, string.Empty, 0)
                : new TraceFrame(args[2 + (i * 4)], Strings.GetValueOrDefault(args[3 + (i * 4)], string.Empty), Strings.GetValueOrDefault(args[4 + (i * 4)], string.Empty), (long)args[5 + (i * 4)]);
        }

        return frames;
    }
}
