using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Reads a legacy text heap profile (runtime/pprof debug=1, "heap profile: a: b [c: d] @ heap/2R") exactly as
/// google/pprof's parseHeap does (header rules, unsampling, address − 1, locations deduplicated by address), in one
/// streaming pass. Unlike pprof it also symbolizes each location from the "#\t0xPC\tfunc+0xoff\tfile:line" comment
/// lines Go writes under every record, so a profile without its binary still names functions and lines.
/// </summary>
internal static partial class LegacyHeapReader
{
    [GeneratedRegex(@"heap profile: *([0-9]+): *([0-9]+) *\[ *([0-9]+): *([0-9]+) *\] *@ *(heap[_a-z0-9]*)/?([0-9]*)")]
    private static partial Regex HeapHeader();

    [GeneratedRegex(@"heap profile: *([0-9]+): *([0-9]+) *\[ *([0-9]+): *([0-9]+) *\] @ growthz?")]
    private static partial Regex GrowthHeader();

    [GeneratedRegex(@"heap profile: *([0-9]+): *([0-9]+) *\[ *([0-9]+): *([0-9]+) *\] @ fragmentationz?")]
    private static partial Regex FragmentationHeader();

    [GeneratedRegex(@"(-?[0-9]+): *(-?[0-9]+) *\[ *([0-9]+): *([0-9]+) *] @([ x0-9a-f]*)")]
    private static partial Regex HeapSample();

    [GeneratedRegex(@"0x[0-9a-f]+")]
    private static partial Regex HexNumber();

    /// <summary>True when the first line is a heap profile header pprof's legacy parser accepts.</summary>
    public static bool IsHeader(string firstLine) =>
        HeapHeader().IsMatch(firstLine) || GrowthHeader().IsMatch(firstLine) || FragmentationHeader().IsMatch(firstLine);

    public static Profile Read(Stream stream, string file, InputLimits limits)
    {
        var scanner = new LineReader(stream, file, "a text profile", limits.MaxStringBytes);
        if (!scanner.TryReadLine(out var first))
        {
            throw InputFormatException.Whole(file, "empty file: expected a heap profile");
        }

        var header = Encoding.UTF8.GetString(first);
        var sampling = "";
        var hasAlloc = false;
        long period;
        if (HeapHeader().Match(header) is { Success: true } h)
        {
            period = 0;
            if (h.Groups[6].Length > 0 && !long.TryParse(h.Groups[6].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out period))
            {
                throw InputFormatException.AtLine(file, 1, $"sampling rate {h.Groups[6].Value} is out of range");
            }

            hasAlloc = (h.Groups[3].Value != h.Groups[1].Value && h.Groups[3].Value != "0")
                || (h.Groups[4].Value != h.Groups[2].Value && h.Groups[4].Value != "0");
            (sampling, period) = h.Groups[5].Value switch
            {
                "heapz_v2" or "heap_v2" => ("v2", period),
                "heapprofile" => ("", 1L),
                // Go writes twice the MemProfileRate (a historic C++ convention); pprof halves it back.
                "heap" => ("v2", period / 2),
                _ => throw InputFormatException.AtLine(file, 1, $"unknown heap profile kind \"{h.Groups[5].Value}\" (expected heap, heap_v2, heapz_v2 or heapprofile)"),
            };
        }
        else if (GrowthHeader().IsMatch(header) || FragmentationHeader().IsMatch(header))
        {
            period = 1;
        }
        else
        {
            throw InputFormatException.AtLine(file, 1, "expected a heap profile header \"heap profile: N: N [N: N] @ heap/N\"");
        }

        var builder = new Builder(file, sampling, period, hasAlloc, limits.Memory);
        long[]? headerTotals = null;
        if (HeapHeader().Match(header) is { Success: true } totals && totals.Groups[5].Value == "heap")
        {
            headerTotals = new long[4];
            for (var i = 0; i < 4 && long.TryParse(totals.Groups[i + 1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out headerTotals[i]); i++)
            {
            }
        }

        var memStats = new Dictionary<string, string>();
        var inMemStats = false;
        while (scanner.TryReadLine(out var raw))
        {
            var line = raw.Trim(" \t\r\v\f"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == (byte)'#')
            {
                if (line.SequenceEqual("# runtime.MemStats"u8))
                {
                    inMemStats = true;
                }
                else if (inMemStats)
                {
                    AddMemStat(memStats, line);
                }
                else
                {
                    builder.Symbolize(line);
                }

                continue;
            }

            if (line.IndexOf("--- Memory map: ---"u8) >= 0 || line.IndexOf("MAPPED_LIBRARIES:"u8) >= 0)
            {
                builder.ReadMemoryMap(scanner);
                break;
            }

            builder.AddSample(line, scanner.LineNumber);
        }

        // Go's debug=1 writer (the one that adds "#\t0xPC" symbol lines) always ends with the runtime.MemStats
        // trailer; without it (through DebugGC) the file was cut short and its table would be partial.
        if (builder.HasSymbolComments && memStats.GetValueOrDefault("DebugGC") is not ("true" or "false"))
        {
            throw InputFormatException.AtLine(file, scanner.LineNumber,
                inMemStats ? "truncated: the # runtime.MemStats trailer ends before \"# DebugGC\""
                    : "truncated: the profile ends before its # runtime.MemStats trailer (Go always writes one)");
        }

        // Go's runtime writes the sums of its records into the header: a file cut at a line boundary shows here.
        if (headerTotals is not null)
        {
            var sums = builder.RawTotals;
            // Old Go (before the symbol comments) took the header's alloc pair from elsewhere: check it only on modern files.
            var allocBytesMatch = sums[3] == headerTotals[3] || (headerTotals[3] == sums[3] + 1 && sums[3] == sums[1]);
            var allocMatch = !builder.HasSymbolComments || (sums[2] == headerTotals[2] && allocBytesMatch);
            if (sums[0] != headerTotals[0] || sums[1] != headerTotals[1] || !allocMatch)
            {
                throw InputFormatException.AtLine(file, scanner.LineNumber,
                    $"truncated or corrupt: the records add up to {sums[0]}: {sums[1]} [{sums[2]}: {sums[3]}], the header says "
                    + $"{headerTotals[0]}: {headerTotals[1]} [{headerTotals[2]}: {headerTotals[3]}]");
            }
        }

        return builder.Build(memStats);
    }

    private static void AddMemStat(Dictionary<string, string> memStats, ReadOnlySpan<byte> line)
    {
        var text = Encoding.UTF8.GetString(line[1..]).Trim();
        var eq = text.IndexOf(" = ", StringComparison.Ordinal);
        if (eq > 0)
        {
            memStats[text[..eq]] = text[(eq + 3)..];
        }
    }

    private sealed class Builder(string file, string sampling, long period, bool hasAlloc, MemoryBudget memory)
    {
        private readonly Dictionary<ulong, Location> _byAddress = [];
        private readonly List<Location> _locations = [];
        private readonly List<Sample> _samples = [];
        private readonly Dictionary<(string Name, string File), Function> _functions = [];
        private readonly List<Function> _functionList = [];
        private readonly Dictionary<ulong[], Location[]> _stacks = new(ArrayContentComparer<ulong>.Instance);
        private readonly List<ulong> _addresses = [];
        private readonly List<Mapping> _mappings = [];
        private readonly long[] _numbers = new long[4];
        private Label[] _lastLabels = [];
        private long _lastBlockSize = -1;

        public void AddSample(ReadOnlySpan<byte> line, long lineNumber)
        {
            _addresses.Clear();
            if (!TryParseFast(line))
            {
                ParseWithRegex(line, lineNumber);
            }

            for (var i = 0; i < 4; i++)
            {
                RawTotals[i] += _numbers[i];
            }

            var values = new long[hasAlloc ? 4 : 2];
            var blockSize = 0L;
            var v = 0;
            if (hasAlloc)
            {
                AddValues(values, ref v, _numbers[2], _numbers[3], "allocation", ref blockSize, lineNumber);
            }

            AddValues(values, ref v, _numbers[0], _numbers[1], "inuse", ref blockSize, lineNumber);

            var ids = _addresses.ToArray();
            memory.Charge(8L * values.Length + 120, file, InputPosition.Line(lineNumber), "the samples");
            if (!_stacks.TryGetValue(ids, out var stack))
            {
                memory.Charge(16L * ids.Length + 100, file, InputPosition.Line(lineNumber), "the distinct stacks");
                stack = new Location[ids.Length];
                for (var i = 0; i < ids.Length; i++)
                {
                    // Return addresses point after the call; −1 lands on the call instruction (as pprof).
                    var address = ids[i] - 1;
                    if (!_byAddress.TryGetValue(address, out var location))
                    {
                        location = new Location((ulong)_locations.Count + 1, null, address, [], false);
                        _byAddress.Add(address, location);
                        _locations.Add(location);
                    }

                    stack[i] = location;
                }

                _stacks.Add(ids, stack);
            }

            if (blockSize != _lastBlockSize)
            {
                _lastLabels = [new Label("bytes", null, blockSize, null)];
                _lastBlockSize = blockSize;
            }

            _samples.Add(new Sample(stack, values, _lastLabels));
        }

        private void AddValues(long[] values, ref int v, long count, long size, string label, ref long blockSize, long lineNumber)
        {
            if (count == 0 && size != 0)
            {
                throw InputFormatException.AtLine(file, lineNumber, $"{label} count was 0 but {label} bytes was {size}");
            }

            if (count != 0)
            {
                blockSize = size / count;
                if (sampling == "v2")
                {
                    (count, size) = HeapSampling.Unsample(count, size, period);
                }
            }

            values[v++] = count;
            values[v++] = size;
        }

        /// <summary>The canonical form Go writes, "a: b [c: d] @ 0x.. 0x..", parsed without allocating.</summary>
        private bool TryParseFast(ReadOnlySpan<byte> line)
        {
            var p = 0;
            if (!Number(line, ref p, true, out _numbers[0]) || !Expect(line, ref p, ": "u8)
                || !Number(line, ref p, true, out _numbers[1]) || !Expect(line, ref p, " ["u8)
                || !Number(line, ref p, false, out _numbers[2]) || !Expect(line, ref p, ": "u8)
                || !Number(line, ref p, false, out _numbers[3]) || !Expect(line, ref p, "] @"u8))
            {
                return false;
            }

            while (p < line.Length)
            {
                if (line[p] == (byte)' ')
                {
                    p++;
                    continue;
                }

                if (p + 2 < line.Length && line[p] == (byte)'0' && line[p + 1] == (byte)'x' && IsHex(line[p + 2]))
                {
                    var start = p + 2;
                    var end = start;
                    while (end < line.Length && IsHex(line[end]))
                    {
                        end++;
                    }

                    if (end - start > 16 || !Utf8Parser.TryParse(line[start..end], out ulong address, out _, 'x'))
                    {
                        return false;
                    }

                    _addresses.Add(address);
                    p = end;
                    continue;
                }

                return false;
            }

            return true;
        }

        private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f';

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
            var start = p;
            if (signed && p < line.Length && line[p] == (byte)'-')
            {
                p++;
            }

            while (p < line.Length && line[p] is >= (byte)'0' and <= (byte)'9')
            {
                p++;
            }

            value = 0;
            return p > start && Utf8Parser.TryParse(line[start..p], out value, out var consumed) && consumed == p - start;
        }

        /// <summary>pprof's own (unanchored) sample regex, for any form the fast path does not take.</summary>
        private void ParseWithRegex(ReadOnlySpan<byte> line, long lineNumber)
        {
            var text = Encoding.UTF8.GetString(line);
            var m = HeapSample().Match(text);
            if (!m.Success)
            {
                throw InputFormatException.AtLine(file, lineNumber,
                    $"expected a heap sample \"N: N [N: N] @ 0x...\", found \"{TextSnippet.Shorten(text)}\"");
            }

            for (var i = 0; i < 4; i++)
            {
                if (!long.TryParse(m.Groups[i + 1].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _numbers[i]))
                {
                    throw InputFormatException.AtLine(file, lineNumber, $"malformed sample: number {m.Groups[i + 1].Value} is out of range");
                }
            }

            _addresses.Clear();
            foreach (Match hex in HexNumber().Matches(m.Groups[5].Value))
            {
                if (!ulong.TryParse(hex.ValueSpan[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
                {
                    throw InputFormatException.AtLine(file, lineNumber, $"malformed sample: failed to parse {TextSnippet.Shorten(hex.Value)} as a 64-bit hex number");
                }

                _addresses.Add(address);
            }
        }

        /// <summary>
        /// "#\t0xPC\tfunc+0xoff\tfile:line" (tab-aligned): the PC Go printed is the return address − 1, which is exactly
        /// the location's address, so the comment names that location. Already named locations are skipped cheaply.
        /// </summary>
        public bool HasSymbolComments { get; private set; }

        /// <summary>Sums of the records' numbers as written (inuse objects, inuse bytes, alloc objects, alloc bytes).</summary>
        public long[] RawTotals { get; } = new long[4];

        public void Symbolize(ReadOnlySpan<byte> line)
        {
            var p = 1;
            while (p < line.Length && line[p] == (byte)'\t')
            {
                p++;
            }

            if (!line[p..].StartsWith("0x"u8))
            {
                return;
            }

            HasSymbolComments = true;
            var start = p + 2;
            var end = start;
            while (end < line.Length && IsHex(line[end]))
            {
                end++;
            }

            if (end == start || end - start > 16 || !Utf8Parser.TryParse(line[start..end], out ulong pc, out _, 'x'))
            {
                return;
            }

            if (!_byAddress.TryGetValue(pc, out var location) || location.Lines.Count > 0)
            {
                return;
            }

            var rest = line[end..].TrimStart((byte)'\t');
            var tab = rest.IndexOf((byte)'\t');
            if (tab < 0)
            {
                return;
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
            if (colon > 0 && Utf8Parser.TryParse(position[(colon + 1)..], out long parsed, out var consumed) && consumed == position.Length - colon - 1)
            {
                lineNumber = parsed;
                position = position[..colon];
            }

            var key = (Encoding.UTF8.GetString(function), Encoding.UTF8.GetString(position));
            if (!_functions.TryGetValue(key, out var fn))
            {
                fn = new Function((ulong)_functionList.Count + 1, key.Item1, key.Item1, key.Item2, 0);
                _functions.Add(key, fn);
                _functionList.Add(fn);
            }

            location.Lines = [new Line(fn, lineNumber, 0)];
        }

        public void ReadMemoryMap(LineReader scanner)
        {
            while (scanner.TryReadLine(out var line))
            {
                if (MemoryMap.TryParse(Encoding.UTF8.GetString(line), (ulong)_mappings.Count + 1) is { } mapping)
                {
                    _mappings.Add(mapping);
                }
            }
        }

        public Profile Build(Dictionary<string, string> memStats)
        {
            var mappings = MemoryMap.Assign(_mappings, _locations);
            return new Profile
            {
                Format = ProfileFormat.LegacyHeapText,
                PeriodType = new ValueType("space", "bytes"),
                Period = period,
                SampleTypes = hasAlloc
                    ? [new("alloc_objects", "count"), new("alloc_space", "bytes"), new("inuse_objects", "count"), new("inuse_space", "bytes")]
                    : [new("objects", "count"), new("space", "bytes")],
                Samples = _samples,
                Locations = _locations,
                Functions = _functionList,
                Mappings = mappings,
                MemStats = memStats,
                DropFrames = LegacyFrames.AllocDropFrames,
                KeepFrames = LegacyFrames.AllocKeepFrames,
            };
        }
    }
}
