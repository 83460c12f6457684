using System.Runtime.InteropServices;
using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>The name a "#\t0xPC\tfunc+0xoff\tfile:line" comment gives a location.</summary>
internal sealed record LegacyFrameName(string Function, string File, long Line);

/// <summary>One record of a chunk: its stack (an index of <see cref="LegacyHeapChunk.Stack"/>) and block size (its values are <see cref="LegacyHeapChunk.Values"/>).</summary>
internal readonly record struct LegacyHeapRecord(int Stack, long BlockSize);

/// <summary>
/// The records of one stretch of a legacy heap profile, parsed on their own (one per core on a large file, one for the
/// whole of a pipe). Locations are chunk-local (deduplicated by address, in the order first seen) and only named by the
/// comments that follow them here; a comment naming an address this chunk has not seen is kept aside, because an
/// earlier chunk may have seen it (<see cref="LegacyHeapAssembler"/> applies it exactly where a serial read would).
/// Nothing is allocated per record but its values: stacks are looked up by the span of addresses, and comment lines of
/// records whose locations are all named are skipped after one hex parse.
/// </summary>
internal sealed class LegacyHeapChunk(string file, LegacyHeapHeader header, MemoryBudget memory, long lineBase)
{

    private readonly Dictionary<ulong, int> _byAddress = [];
    private HashSet<int>? _stackSet;
    private readonly HashSet<ulong> _deferredSeen = [];
    private readonly List<ulong> _addresses = [];
    private readonly long[] _numbers = new long[4];
    private int _unnamed;
    // The stack of the record just read (a copy: looked at once per comment line), and how far its comments have named it.
    private readonly List<int> _recordFrames = [];
    private int _recordFrom;
    private bool _inMemStats;

    /// <summary>Chunk-local locations in the order first seen: address (return address − 1) and name.</summary>
    public List<ulong> LocationAddresses { get; } = [];

    public List<LegacyFrameName?> LocationNames { get; } = [];

    // Distinct stacks as chunk-local location indexes, leaf first; the records' values (no array per stack or record).
    private readonly RunStore<int> _stacks = new();
    private readonly RunStore<long> _values = new();
    private readonly List<int> _frames = [];

    public int StackCount => _stacks.Count;

    /// <summary>Distinct stack <paramref name="stack"/> as chunk-local location indexes, leaf first.</summary>
    public ReadOnlySpan<int> Stack(int stack) => _stacks[stack];

    /// <summary>The same as <see cref="Stack"/>, for views kept on the heap.</summary>
    public ArraySegment<int> Segment(int stack) => _stacks.Segment(stack);

    public List<LegacyHeapRecord> Records { get; } = [];

    /// <summary>The values of record <paramref name="record"/>, as pprof unsamples them.</summary>
    public ReadOnlySpan<long> Values(int record) => _values[record];

    /// <summary>Names of addresses this chunk had not seen when their comment came, first per address, in file order.</summary>
    public List<(ulong Address, LegacyFrameName Name)> DeferredNames { get; } = [];

    /// <summary>Sums of the records' numbers as written (inuse objects, inuse bytes, alloc objects, alloc bytes).</summary>
    public long[] RawTotals { get; } = new long[4];

    public bool HasSymbolComments { get; private set; }

    /// <summary>The "# runtime.MemStats" trailer's fields, when this chunk holds it.</summary>
    public Dictionary<string, string>? MemStats { get; private set; }

    public List<Mapping> Mappings { get; } = [];

    /// <summary>The line number of the chunk's last line, counted from its line base.</summary>
    public long Lines { get; private set; }

    /// <summary>Parses lines until the end of <paramref name="lines"/>.</summary>
    public void Parse(LineReader lines, CancellationToken cancel = default)
    {
        while (lines.TryReadLine(out var raw))
        {
            var line = raw.Length > 0 && raw[0] > (byte)' ' && raw[^1] > (byte)' ' ? raw : raw.Trim(" \t\r\v\f"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == (byte)'#')
            {
                Comment(line);
                continue;
            }

            if (line.IndexOf("--- Memory map: ---"u8) >= 0 || line.IndexOf("MAPPED_LIBRARIES:"u8) >= 0)
            {
                ReadMemoryMap(lines);
                break;
            }

            AddRecord(line, lineBase + lines.LineNumber);
            if ((Records.Count & 0xfff) == 0)
            {
                cancel.ThrowIfCancellationRequested();
            }
        }

        Lines = lineBase + lines.LineNumber;
    }

    /// <summary>True when a line is a record's first line in the form Go writes ("N: N [N: N] @ 0x…").</summary>
    public static bool IsRecordStart(ReadOnlySpan<byte> line)
    {
        var numbers = new long[4];
        var p = 0;
        return ParsePrefix(line.TrimStart(" \t"u8), ref p, numbers);
    }

    private void Comment(ReadOnlySpan<byte> line)
    {
        if (_inMemStats)
        {
            AddMemStat(line);
            return;
        }

        if (line.SequenceEqual("# runtime.MemStats"u8))
        {
            _inMemStats = true;
            MemStats = [];
            return;
        }

        Symbolize(line);
    }

    private void AddRecord(ReadOnlySpan<byte> line, long lineNumber)
    {
        _addresses.Clear();
        var p = 0;
        if (!ParsePrefix(line, ref p, _numbers) || !ParseAddresses(line[p..]))
        {
            LegacyHeapSyntax.ParseSample(line, file, lineNumber, _numbers, _addresses);
        }

        for (var i = 0; i < 4; i++)
        {
            if ((_numbers[i] > 0 && RawTotals[i] > long.MaxValue - _numbers[i]) || (_numbers[i] < 0 && RawTotals[i] < long.MinValue - _numbers[i]))
            {
                throw InputFormatException.AtLine(file, lineNumber, "the records' numbers add up to more than a 64-bit integer holds");
            }

            RawTotals[i] += _numbers[i];
        }

        Span<long> values = stackalloc long[header.HasAlloc ? 4 : 2];
        var blockSize = 0L;
        var v = 0;
        if (header.HasAlloc)
        {
            AddValues(values, ref v, _numbers[2], _numbers[3], "allocation", ref blockSize, lineNumber);
        }

        AddValues(values, ref v, _numbers[0], _numbers[1], "inuse", ref blockSize, lineNumber);
        Charge(8L * values.Length + 120, lineNumber, "the samples");

        var ids = CollectionsMarshal.AsSpan(_addresses);
        _stackSet ??= new HashSet<int>(new ChunkStackComparer(this));
        var lookup = _stackSet.GetAlternateLookup<ReadOnlySpan<ulong>>();
        if (!lookup.TryGetValue(ids, out var stack))
        {
            Charge((4L * ids.Length) + 40, lineNumber, "the distinct stacks");
            _frames.Clear();
            for (var i = 0; i < ids.Length; i++)
            {
                // Return addresses point after the call; −1 lands on the call instruction (as pprof).
                var address = ids[i] - 1;
                if (!_byAddress.TryGetValue(address, out var location))
                {
                    location = LocationAddresses.Count;
                    _byAddress.Add(address, location);
                    LocationAddresses.Add(address);
                    LocationNames.Add(null);
                    _unnamed++;
                }

                _frames.Add(location);
            }

            stack = _stacks.Add(CollectionsMarshal.AsSpan(_frames));
            _stackSet.Add(stack);
        }

        _recordFrames.Clear();
        _recordFrames.AddRange(_stacks[stack]);
        _recordFrom = 0;
        Records.Add(new LegacyHeapRecord(stack, blockSize));
        _values.Add(values);
    }

    private void Charge(long bytes, long lineNumber, string what)
    {
        memory.Charge(bytes, file, InputPosition.Line(lineNumber), what);
        Charged += bytes;
    }

    /// <summary>What this chunk charged to the memory budget (released when a parallel read is abandoned).</summary>
    public long Charged { get; private set; }

    private void AddValues(Span<long> values, ref int v, long count, long size, string label, ref long blockSize, long lineNumber)
    {
        if (count == 0 && size != 0)
        {
            throw InputFormatException.AtLine(file, lineNumber, $"{label} count was 0 but {label} bytes was {size}");
        }

        if (count != 0)
        {
            blockSize = size / count;
            if (header.Sampling == "v2")
            {
                (count, size) = HeapSampling.Unsample(count, size, header.Period);
            }
        }

        values[v++] = count;
        values[v++] = size;
    }

    /// <summary>"a: b [c: d] @" of the canonical form Go writes, parsed without allocating.</summary>
    private static bool ParsePrefix(ReadOnlySpan<byte> line, ref int p, long[] numbers) =>
        Number(line, ref p, true, out numbers[0]) && Expect(line, ref p, ": "u8)
        && Number(line, ref p, true, out numbers[1]) && Expect(line, ref p, " ["u8)
        && Number(line, ref p, false, out numbers[2]) && Expect(line, ref p, ": "u8)
        && Number(line, ref p, false, out numbers[3]) && Expect(line, ref p, "] @"u8);

    /// <summary>" 0x.. 0x.." after the "@"; false for anything else (the regex path then decides).</summary>
    private bool ParseAddresses(ReadOnlySpan<byte> rest)
    {
        while (true)
        {
            rest = rest.TrimStart((byte)' ');
            if (rest.IsEmpty)
            {
                return true;
            }

            if (rest.Length < 3 || rest[0] != (byte)'0' || rest[1] != (byte)'x')
            {
                return false;
            }

            var digits = rest[2..];
            var end = ParseHex(digits, out var address);
            if (end == 0)
            {
                return false;
            }

            _addresses.Add(address);
            rest = digits[end..];
        }
    }

    /// <summary>Parses the run of lower-case hex digits at the start of <paramref name="text"/>; its length, or 0 when none or over 16.</summary>
    private static int ParseHex(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        var n = 0;
        while (n < text.Length && s_hexValue[text[n]] is var digit && digit != 0xff)
        {
            value = (value << 4) | digit;
            n++;
        }

        return n > 16 ? 0 : n;
    }

    private static readonly byte[] s_hexValue = HexValues();

    private static byte[] HexValues()
    {
        var table = new byte[256];
        Array.Fill(table, (byte)0xff);
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] = (byte)(c - '0');
        }

        for (var c = 'a'; c <= 'f'; c++)
        {
            table[c] = (byte)(c - 'a' + 10);
        }

        return table;
    }

    private static bool Expect(ReadOnlySpan<byte> line, ref int p, ReadOnlySpan<byte> text)
    {
        if (!line[p..].StartsWith(text))
        {
            return false;
        }

        p += text.Length;
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> line, ref int p, bool signed, out long value)
    {
        value = 0;
        var negative = signed && p < line.Length && line[p] == (byte)'-';
        var start = negative ? p + 1 : p;
        var end = start;
        while (end < line.Length && (uint)(line[end] - (byte)'0') <= 9)
        {
            end++;
        }

        if (end == start || end - start > 19)
        {
            return false;
        }

        ulong magnitude = 0;
        foreach (var b in line[start..end])
        {
            magnitude = (magnitude * 10) + (uint)(b - (byte)'0');
        }

        if (magnitude > (negative ? 1UL << 63 : long.MaxValue))
        {
            return false;
        }

        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        p = end;
        return true;
    }

    /// <summary>
    /// "#\t0xPC\tfunc+0xoff\tfile:line" (tab-aligned): the PC Go printed is the return address − 1, which is exactly
    /// the location's address, so the comment names that location when it is not named yet.
    /// </summary>
    private void Symbolize(ReadOnlySpan<byte> line)
    {
        var rest = line[1..].TrimStart((byte)'\t');
        if (!rest.StartsWith("0x"u8))
        {
            return;
        }

        HasSymbolComments = true;
        var digits = rest[2..];
        var end = ParseHex(digits, out var pc);
        if (end == 0)
        {
            return;
        }

        // Go writes one comment per frame of the record just read, in stack order: when it names one of those locations,
        // that location is known without a lookup, and a location already named needs nothing.
        var location = OfCurrentRecord(pc);
        if (location >= 0 && (_unnamed == 0 || LocationNames[location] is not null))
        {
            return;
        }

        LegacyFrameName? name;
        if (location < 0 && !_byAddress.TryGetValue(pc, out location))
        {
            if (_deferredSeen.Contains(pc) || (name = ParseName(digits[end..])) is null)
            {
                return;
            }

            _deferredSeen.Add(pc);
            Charge(200, lineBase, "the symbol comments");
            DeferredNames.Add((pc, name));
            return;
        }

        if (LocationNames[location] is not null || (name = ParseName(digits[end..])) is null)
        {
            return;
        }

        LocationNames[location] = name;
        _unnamed--;
    }

    // The location of the current record's next frame at `pc`, or -1.
    private int OfCurrentRecord(ulong pc)
    {
        var frames = CollectionsMarshal.AsSpan(_recordFrames);
        while (_recordFrom < frames.Length)
        {
            if (LocationAddresses[frames[_recordFrom]] == pc)
            {
                return frames[_recordFrom];
            }

            _recordFrom++;
        }

        return -1;
    }

    private static LegacyFrameName? ParseName(ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart((byte)'\t');
        var tab = rest.IndexOf((byte)'\t');
        if (tab < 0)
        {
            return null;
        }

        var function = rest[..tab];
        var plus = function.LastIndexOf("+0x"u8);
        if (plus > 0)
        {
            function = function[..plus];
        }

        var position = rest[tab..].TrimStart((byte)'\t');
        var colon = position.LastIndexOf((byte)':');
        long lineNumber = 0;
        if (colon > 0 && System.Buffers.Text.Utf8Parser.TryParse(position[(colon + 1)..], out long parsed, out var consumed)
            && consumed == position.Length - colon - 1)
        {
            lineNumber = parsed;
            position = position[..colon];
        }

        return new LegacyFrameName(Encoding.UTF8.GetString(function), Encoding.UTF8.GetString(position), lineNumber);
    }

    private void AddMemStat(ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[1..]).Trim();
        var eq = text.IndexOf(" = ", StringComparison.Ordinal);
        if (eq > 0)
        {
            MemStats![text[..eq]] = text[(eq + 3)..];
        }
    }

    private void ReadMemoryMap(LineReader lines)
    {
        while (lines.TryReadLine(out var line))
        {
            if (MemoryMap.TryParse(Encoding.UTF8.GetString(line), (ulong)Mappings.Count + 1) is { } mapping)
            {
                Mappings.Add(mapping);
            }
        }
    }
}

/// <summary>
/// Distinct stacks of a chunk stored as runs of location indexes: hashed and compared by the addresses they stand
/// for, so a record's addresses (a span over a reused buffer) find their stack without an array being made.
/// </summary>
internal sealed class ChunkStackComparer(LegacyHeapChunk chunk) : IEqualityComparer<int>, IAlternateEqualityComparer<ReadOnlySpan<ulong>, int>
{
    public bool Equals(int x, int y) => x == y || chunk.Stack(x).SequenceEqual(chunk.Stack(y));

    public int GetHashCode(int stack)
    {
        var hash = new StackHash();
        foreach (var location in chunk.Stack(stack))
        {
            hash.Add(chunk.LocationAddresses[location] + 1);
        }

        return hash.Value;
    }

    /// <summary>The record's return addresses against a stored stack (whose locations are return address − 1).</summary>
    public bool Equals(ReadOnlySpan<ulong> alternate, int other)
    {
        var stack = chunk.Stack(other);
        if (stack.Length != alternate.Length)
        {
            return false;
        }

        for (var i = 0; i < stack.Length; i++)
        {
            if (chunk.LocationAddresses[stack[i]] != alternate[i] - 1)
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<ulong> alternate) => StackHash.Of(alternate);

    public int Create(ReadOnlySpan<ulong> alternate) => throw new NotSupportedException("stacks are added by index");
}
