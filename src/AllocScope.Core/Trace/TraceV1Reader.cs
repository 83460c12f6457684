using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>
/// Reads a v1 execution trace (Go 1.5–1.21) as Go 1.19's internal/trace parser does (readTrace, parseEvents, order,
/// removeFutile, postProcessTrace; FORMAT.md): one pass over the bytes into per-P event lists, then the merge by
/// timestamps under the goroutine and GC sequence constraints, futile wakeups removed, and ticks turned into
/// nanoseconds. Errors name the offset of the event at fault.
/// </summary>
public static class TraceV1Reader
{
    /// <summary>Header versions this reader takes (Go 1.19's parser takes the same but 1.21).</summary>
    public static readonly IReadOnlySet<int> Versions = new HashSet<int> { 1005, 1007, 1008, 1009, 1010, 1011, 1019, 1021 };

    private const int EventBytes = 120; // what one kept event costs, charged to the memory budget

    public static ExecutionTrace Read(InputFile input)
    {
        var file = input.Name;
        var window = new StreamWindow(input.Content, file, (int)Math.Min(int.MaxValue, input.Limits.MaxStringBytes));
        var version = ReadHeader(window, file);
        var state = new ParseState(version);
        var strings = new Dictionary<ulong, string>();
        var args = new List<ulong>(16);
        long charged = 0;
        while (!window.AtEnd())
        {
            var off = window.Position;
            var header = window.Take(1, "an event header").ReadByte();
            var type = (TraceEventType)(header & 0x3f);
            var narg = (header >> 6) + 1;
            var inline = 4;
            if (version < 1007)
            {
                narg++;
                inline++;
            }

            if (type == TraceEventType.None || (int)type >= TraceEventTypes.Count || type.Describe().MinVersion > version)
            {
                throw InputFormatException.AtOffset(file, off, $"unknown event type {(int)type}");
            }

            if (type == TraceEventType.String)
            {
                var id = ReadVarint(window);
                if (id == 0)
                {
                    throw InputFormatException.AtOffset(file, off, "string has invalid id 0");
                }

                if (strings.ContainsKey(id))
                {
                    throw InputFormatException.AtOffset(file, off, $"string has duplicate id {id}");
                }

                var length = ReadVarint(window);
                if (length == 0 || length > 1_000_000)
                {
                    throw InputFormatException.AtOffset(file, off, $"string has invalid length {length}");
                }

                var text = window.Take((long)length, "a string").ReadBytes((int)length);
                strings[id] = System.Text.Encoding.UTF8.GetString(text);
                continue;
            }

            args.Clear();
            if (narg < inline)
            {
                // The common short event: its few varints are read from one window peek (at most 10 bytes each).
                var span = window.Peek(10 * narg);
                if (span.Remaining == 10 * narg)
                {
                    for (var i = 0; i < narg; i++)
                    {
                        args.Add(span.ReadVarint());
                    }

                    window.Advance(span.Consumed);
                }
                else
                {
                    for (var i = 0; i < narg; i++)
                    {
                        args.Add(ReadVarint(window));
                    }
                }
            }
            else
            {
                var length = ReadVarint(window);
                var start = window.Position;
                while ((ulong)(window.Position - start) < length)
                {
                    args.Add(ReadVarint(window));
                }

                if ((ulong)(window.Position - start) != length)
                {
                    throw InputFormatException.AtOffset(file, off, $"event has wrong length: want {length}, got {window.Position - start}");
                }
            }

            string? log = null;
            if (type == TraceEventType.UserLog)
            {
                var length = ReadVarint(window);
                if (length > 1_000_000)
                {
                    throw InputFormatException.AtOffset(file, window.Position, $"string is too large (len={length})");
                }

                log = length == 0 ? string.Empty : System.Text.Encoding.UTF8.GetString(window.Take((long)length, "a log message").ReadBytes((int)length));
            }

            if (state.Accept(type, off, args, log, file) && (++charged & 1023) == 0)
            {
                input.Limits.Memory.Charge(EventBytes * 1024L, file, off, "trace events");
            }
        }

        return state.Finish(file, strings);
    }

    private static ulong ReadVarint(StreamWindow window)
    {
        var reader = window.Peek(10);
        var value = reader.ReadVarint();
        window.Advance(reader.Consumed);
        return value;
    }

    private static int ReadHeader(StreamWindow window, string file)
    {
        var head = window.Peek(16);
        var version = TraceHeader.Parse(head.ReadBytes(head.Remaining), file);
        if (!Versions.Contains(version))
        {
            throw InputFormatException.AtOffset(file, 0, $"unsupported trace version {version / 1000}.{version % 1000}");
        }

        window.Advance(16);
        return version;
    }
}
