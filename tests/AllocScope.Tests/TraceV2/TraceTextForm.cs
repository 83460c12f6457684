using System.Globalization;
using AllocScope.Trace;

namespace AllocScope.Tests.TraceV2;

/// <summary>One event line of a trace's text form: its type, its arguments in spec order, and a String's data or a Stack's frames.</summary>
public sealed record TextEvent(int Line, byte Type, ulong[] Args, byte[]? Data = null, ulong[][]? Frames = null)
{
    public string Name => TraceV2Specs.Names[Type];
}

/// <summary>A batch as written: the line of its header, the size the text declares, and the bytes that follow it up to the next batch.</summary>
public sealed record WrittenBatch(int Line, ulong DeclaredSize, long ActualSize);

/// <summary>
/// Go's tests of the v2 trace reader (src/internal/trace/testdata/tests/*.test): a txtar archive of an `expect` file
/// (`SUCCESS` or `FAILURE "regexp"`) and a `trace` file in the tracer's text form (x/exp trace/internal/raw): `Trace
/// Go1.NN`, then one event a line, `Name arg=value…` in the spec's argument order, a String's `data="…"` and a Stack's
/// frames on the lines after it. <see cref="Write"/> turns the text into the binary trace the runtime would have written.
/// </summary>
public sealed class TraceTextForm
{
    private static readonly string[] s_frameArgs = ["pc", "func", "file", "line"];

    public required string Name { get; init; }

    /// <summary>Null for SUCCESS, else the regular expression the error must match.</summary>
    public required string? Failure { get; init; }

    /// <summary>1022 for `Trace Go1.22`.</summary>
    public required int Version { get; init; }

    public required IReadOnlyList<TextEvent> Events { get; init; }

    public static TraceTextForm Parse(string path)
    {
        var lines = File.ReadAllLines(path);
        var expectAt = Array.IndexOf(lines, "-- expect --");
        var traceAt = Array.IndexOf(lines, "-- trace --");
        if (expectAt != 0 || traceAt < 2)
        {
            throw new FormatException($"{path}: not a txtar of `expect` then `trace`");
        }

        var expect = lines[1].Trim();
        string? failure = expect == "SUCCESS" ? null
            : expect.StartsWith("FAILURE ", StringComparison.Ordinal) ? GoQuoted.Text(expect["FAILURE ".Length..].Trim())
            : throw new FormatException($"{path}: expect line {expect}");

        var header = lines[traceAt + 1].Trim();
        if (!header.StartsWith("Trace Go1.", StringComparison.Ordinal))
        {
            throw new FormatException($"{path}: trace header {header}");
        }

        var version = 1000 + int.Parse(header["Trace Go1.".Length..], CultureInfo.InvariantCulture);
        var events = new List<TextEvent>();
        for (var i = traceAt + 2; i < lines.Length; i++)
        {
            var tokens = Tokens(lines[i]);
            if (tokens.Length == 0)
            {
                continue;
            }

            var type = TypeOf(tokens[0], version, path, i + 1);
            var spec = TraceV2Specs.For(type, version)!;
            var args = new ulong[spec.Args.Length];
            for (var a = 0; a < args.Length; a++)
            {
                args[a] = Value(tokens, a + 1, spec.Args[a], path, i + 1);
            }

            byte[]? data = null;
            ulong[][]? frames = null;
            if (spec.HasData)
            {
                var line = lines[++i].Trim();
                if (!line.StartsWith("data=", StringComparison.Ordinal))
                {
                    throw new FormatException($"{path}:{i + 1}: expected data=\"…\"");
                }

                data = GoQuoted.Bytes(line["data=".Length..]);
            }
            else if (spec.IsStack)
            {
                frames = new ulong[args[1]][];
                for (var f = 0; f < frames.Length; f++)
                {
                    var frame = Tokens(lines[++i]);
                    frames[f] = [.. s_frameArgs.Select((name, k) => Value(frame, k, name, path, i + 1))];
                }
            }

            events.Add(new TextEvent(i + 1, type, args, data, frames));
        }

        return new TraceTextForm { Name = Path.GetFileName(path), Failure = failure, Version = version, Events = events };
    }

    /// <summary>The binary trace: the header, then each event as its type byte and uvarint arguments (sizes as the text declares them).</summary>
    public byte[] Write() => Write(out _);

    public byte[] Write(out IReadOnlyList<WrittenBatch> batches)
    {
        var bytes = new List<byte>();
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes($"go 1.{Version % 1000} trace\0\0\0"));
        var written = new List<(int Line, ulong Declared, int Start)>();
        var ends = new List<int>();
        foreach (var ev in Events)
        {
            if (ev.Type is TraceV2EventType.EventBatch or TraceV2EventType.ExperimentalBatch or TraceV2EventType.EndOfGeneration && written.Count > ends.Count)
            {
                ends.Add(bytes.Count);
            }

            bytes.Add(ev.Type);
            switch (ev.Type)
            {
                case TraceV2EventType.EventBatch:
                    ev.Args.ToList().ForEach(a => Uvarint(bytes, a));
                    written.Add((ev.Line, ev.Args[3], bytes.Count));
                    break;
                case TraceV2EventType.ExperimentalBatch:
                    bytes.Add((byte)ev.Args[0]);
                    ev.Args.Skip(1).ToList().ForEach(a => Uvarint(bytes, a));
                    Uvarint(bytes, (ulong)ev.Data!.Length);
                    written.Add((ev.Line, (ulong)ev.Data.Length, bytes.Count));
                    bytes.AddRange(ev.Data);
                    break;
                default:
                    ev.Args.ToList().ForEach(a => Uvarint(bytes, a));
                    if (ev.Data is not null)
                    {
                        Uvarint(bytes, (ulong)ev.Data.Length);
                        bytes.AddRange(ev.Data);
                    }

                    foreach (var frame in ev.Frames ?? [])
                    {
                        frame.ToList().ForEach(a => Uvarint(bytes, a));
                    }

                    break;
            }
        }

        if (written.Count > ends.Count)
        {
            ends.Add(bytes.Count);
        }

        batches = [.. written.Select((b, i) => new WrittenBatch(b.Line, b.Declared, ends[i] - b.Start))];
        return [.. bytes];
    }

    /// <summary>This trace with each EventBatch's size set to the bytes its events take (after a test changed them).</summary>
    public TraceTextForm Resized()
    {
        Write(out var batches);
        var sizes = batches.ToDictionary(b => b.Line, b => (ulong)b.ActualSize);
        return new TraceTextForm
        {
            Name = Name,
            Failure = Failure,
            Version = Version,
            Events = [.. Events.Select(e => e.Type == TraceV2EventType.EventBatch ? e with { Args = [e.Args[0], e.Args[1], e.Args[2], sizes[e.Line]] } : e)],
        };
    }

    /// <summary>Go's binary.AppendUvarint.</summary>
    public static void Uvarint(List<byte> bytes, ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }

    private static string[] Tokens(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static byte TypeOf(string name, int version, string path, int line)
    {
        for (var t = 0; t < TraceV2Specs.Names.Count; t++)
        {
            if (TraceV2Specs.Names[t] == name && TraceV2Specs.For(t, version) is not null)
            {
                return (byte)t;
            }
        }

        throw new FormatException($"{path}:{line}: unknown event {name} in a Go {version / 1000}.{version % 1000} trace");
    }

    private static ulong Value(string[] tokens, int index, string name, string path, int line)
    {
        if (index >= tokens.Length || !tokens[index].StartsWith(name + "=", StringComparison.Ordinal))
        {
            throw new FormatException($"{path}:{line}: expected {name}=N");
        }

        return ulong.Parse(tokens[index][(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
