using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>What a legacy heap profile's first line says: how to unsample, whether alloc values are there, and Go's totals.</summary>
internal sealed record LegacyHeapHeader(string Sampling, long Period, bool HasAlloc, long[]? Totals);

/// <summary>google/pprof's legacy heap regexes (profile/legacy_profile.go): the header rules and the sample fallback.</summary>
internal static partial class LegacyHeapSyntax
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

    public static LegacyHeapHeader ParseHeader(string header, string file)
    {
        if (HeapHeader().Match(header) is { Success: true } h)
        {
            long period = 0;
            if (h.Groups[6].Length > 0 && !long.TryParse(h.Groups[6].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out period))
            {
                throw InputFormatException.AtLine(file, 1, $"sampling rate {h.Groups[6].Value} is out of range");
            }

            var hasAlloc = (h.Groups[3].Value != h.Groups[1].Value && h.Groups[3].Value != "0")
                || (h.Groups[4].Value != h.Groups[2].Value && h.Groups[4].Value != "0");
            var (sampling, unsamplePeriod) = h.Groups[5].Value switch
            {
                "heapz_v2" or "heap_v2" => ("v2", period),
                "heapprofile" => ("", 1L),
                // Go writes twice the MemProfileRate (a historic C++ convention); pprof halves it back.
                "heap" => ("v2", period / 2),
                _ => throw InputFormatException.AtLine(file, 1, $"unknown heap profile kind \"{h.Groups[5].Value}\" (expected heap, heap_v2, heapz_v2 or heapprofile)"),
            };

            long[]? totals = null;
            if (h.Groups[5].Value == "heap")
            {
                totals = new long[4];
                for (var i = 0; i < 4 && long.TryParse(h.Groups[i + 1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out totals[i]); i++)
                {
                }
            }

            return new LegacyHeapHeader(sampling, unsamplePeriod, hasAlloc, totals);
        }

        if (GrowthHeader().IsMatch(header) || FragmentationHeader().IsMatch(header))
        {
            return new LegacyHeapHeader("", 1, false, null);
        }

        throw InputFormatException.AtLine(file, 1, "expected a heap profile header \"heap profile: N: N [N: N] @ heap/N\"");
    }

    /// <summary>pprof's own (unanchored) sample regex, for any form the fast path does not take.</summary>
    public static void ParseSample(ReadOnlySpan<byte> line, string file, long lineNumber, long[] numbers, List<ulong> addresses)
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
            if (!long.TryParse(m.Groups[i + 1].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw InputFormatException.AtLine(file, lineNumber, $"malformed sample: number {m.Groups[i + 1].Value} is out of range");
            }
        }

        addresses.Clear();
        foreach (Match hex in HexNumber().Matches(m.Groups[5].Value))
        {
            if (!ulong.TryParse(hex.ValueSpan[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
            {
                throw InputFormatException.AtLine(file, lineNumber, $"malformed sample: failed to parse {TextSnippet.Shorten(hex.Value)} as a 64-bit hex number");
            }

            addresses.Add(address);
        }
    }
}
