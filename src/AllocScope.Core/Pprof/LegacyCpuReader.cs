using System.Buffers.Binary;
using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Reads a legacy binary CPU profile (gperftools layout, what Go wrote before 1.9) as google/pprof's parseCPU does:
/// header words [0, 3, 0, period µs, 0] in 32/64-bit little/big endian, records [count, n, pc×n] up to [0, 1, 0],
/// non-leaf addresses − 1, the signal-handler frame heuristic, then a text memory map.
/// These files are small (pre-2017 Go wrote at most a few MB), so the reader holds the file's bytes.
/// </summary>
internal static class LegacyCpuReader
{
    private enum WordKind
    {
        Little32,
        Big32,
        Little64,
        Big64,
    }

    /// <summary>Detects the header; returns the word layout, or null when this is not a legacy CPU profile.</summary>
    public static bool LooksLikeCpu(ReadOnlySpan<byte> data) => Detect(data) is not null;

    private static (WordKind Kind, long PeriodMicros)? Detect(ReadOnlySpan<byte> data)
    {
        foreach (var kind in new[] { WordKind.Little32, WordKind.Big32, WordKind.Little64, WordKind.Big64 })
        {
            var size = Size(kind);
            if (data.Length < 5 * size)
            {
                continue;
            }

            if (Word(data, 0, kind) == 0 && Word(data, 1, kind) == 3 && Word(data, 2, kind) == 0 && Word(data, 3, kind) > 0
                && Word(data, 4, kind) == 0)
            {
                return (kind, (long)Word(data, 3, kind));
            }
        }

        return null;
    }

    private static int Size(WordKind kind) => kind is WordKind.Little32 or WordKind.Big32 ? 4 : 8;

    private static ulong Word(ReadOnlySpan<byte> data, long index, WordKind kind)
    {
        var size = Size(kind);
        var span = data.Slice((int)(index * size), size);
        return kind switch
        {
            WordKind.Little32 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            WordKind.Big32 => BinaryPrimitives.ReadUInt32BigEndian(span),
            WordKind.Little64 => BinaryPrimitives.ReadUInt64LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt64BigEndian(span),
        };
    }

    public static Profile Read(byte[] data, string file)
    {
        var detected = Detect(data) ?? throw InputFormatException.AtOffset(file, 0, "expected a legacy CPU profile header [0, 3, 0, period, 0]");
        var (kind, periodMicros) = detected;
        var size = Size(kind);
        var period = periodMicros * 1000;
        var words = data.Length / size;
        long w = 5;
        var byAddress = new Dictionary<ulong, Location>();
        var locations = new List<Location>();
        var stacks = new List<List<Location>>();
        var counts = new List<long>();
        var sawEnd = false;
        while (w * size < data.Length)
        {
            var recordAt = w * size;
            if (w + 2 > words)
            {
                throw InputFormatException.AtOffset(file, recordAt, "truncated: a sample record needs a count and a stack depth");
            }

            var count = Word(data, w, kind);
            var depth = Word(data, w + 1, kind);
            w += 2;

            // As pprof: a depth beyond what the file could hold means this is not a CPU profile.
            if (depth > (ulong)(data.Length - (w * size)) / 4)
            {
                throw InputFormatException.AtOffset(file, recordAt, $"stack depth {depth} runs past the end of the file (truncated or corrupt CPU profile)");
            }

            if (w + (long)depth > words)
            {
                throw InputFormatException.AtOffset(file, recordAt, $"truncated: a stack of {depth} addresses is cut off");
            }

            if (count == 0 && depth == 1 && Word(data, w, kind) == 0)
            {
                w += 1;
                sawEnd = true;
                break;
            }

            var stack = new List<Location>((int)depth);
            for (var i = 0; i < (int)depth; i++)
            {
                var address = Word(data, w + i, kind);
                if (i > 0)
                {
                    address--;
                }

                if (!byAddress.TryGetValue(address, out var location))
                {
                    location = new Location(0, null, address, [], false);
                    byAddress.Add(address, location);
                    locations.Add(location);
                }

                stack.Add(location);
            }

            w += (long)depth;
            stacks.Add(stack);
            counts.Add((long)count);
        }

        if (!sawEnd)
        {
            throw InputFormatException.AtOffset(file, data.Length, "truncated: the CPU profile has no end-of-data record [0, 1, 0]");
        }

        RemoveSignalHandlerFrames(stacks);

        var mappings = new List<Mapping>();
        var text = Encoding.UTF8.GetString(data, (int)Math.Min(w * size, data.Length), (int)Math.Max(0, data.Length - (w * size)));
        foreach (var line in text.Split('\n'))
        {
            if (MemoryMap.TryParse(line, (ulong)mappings.Count + 1) is { } mapping)
            {
                mappings.Add(mapping);
            }
        }

        // As pprof's remapLocationIDs: locations still used by a sample, numbered in order of first use.
        var numbered = new List<Location>(locations.Count);
        var renumber = new Dictionary<Location, Location>(ReferenceEqualityComparer.Instance);
        foreach (var location in stacks.SelectMany(s => s))
        {
            if (!renumber.ContainsKey(location))
            {
                var copy = new Location((ulong)numbered.Count + 1, null, location.Address, [], false);
                renumber.Add(location, copy);
                numbered.Add(copy);
            }
        }

        MemoryMap.Assign(mappings, numbered);
        var samples = new List<Sample>(stacks.Count);
        for (var i = 0; i < stacks.Count; i++)
        {
            var stack = stacks[i].Select(l => renumber[l]).ToList();

            // The leaf may be duplicated (from the signal context and from unwinding, the copy adjusted by −1).
            if (stack.Count > 1 && stack[0].Address == stack[1].Address + 1)
            {
                stack.RemoveAt(1);
            }

            samples.Add(new Sample(stack, [counts[i], counts[i] * period]));
        }

        return new Profile
        {
            Format = ProfileFormat.LegacyCpuBinary,
            PeriodType = new ValueType("cpu", "nanoseconds"),
            Period = period,
            SampleTypes = [new("samples", "count"), new("cpu", "nanoseconds")],
            Samples = samples,
            Locations = numbered,
            Functions = [],
            Mappings = mappings,
            DropFrames = LegacyFrames.CpuDropFrames,
        };
    }

    /// <summary>
    /// If (nearly) every sample has the same second frame, it is the signal handler's, not the program's: remove it,
    /// up to twice, allowing one differing sample per 32 (pprof's rule).
    /// </summary>
    private static void RemoveSignalHandlerFrames(List<List<Location>> stacks)
    {
        var margin = stacks.Count / 32;
        for (var iteration = 0; iteration < 2; iteration++)
        {
            var counts = new Dictionary<ulong, int>();
            foreach (var stack in stacks)
            {
                if (stack.Count > 1)
                {
                    counts[stack[1].Address] = counts.GetValueOrDefault(stack[1].Address) + 1;
                }
            }

            foreach (var (address, count) in counts)
            {
                if (count >= stacks.Count - margin)
                {
                    foreach (var stack in stacks)
                    {
                        if (stack.Count > 1 && stack[1].Address == address)
                        {
                            stack.RemoveAt(1);
                        }
                    }

                    break;
                }
            }
        }
    }
}
