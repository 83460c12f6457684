using System.Globalization;
using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.GcTrace;

/// <summary>
/// Reads `GODEBUG=gctrace=1` output (FORMAT.md beside this file): one `gc N @T s U%: ...` line per cycle in any Go
/// release's layout, found among the program's own output on the same stream. Lines that are not gc lines are counted
/// and skipped; inittrace, scavenger (`scvg`, `scav`) and `pacer:` lines are recognised and counted. A gc line cut by
/// program output is counted as cut (its cycle is lost, and shows as a gap in the numbers). Cycle numbers that go back
/// or repeat start a new run (two logs concatenated). Memory: one compact <see cref="GcCycle"/> per cycle.
/// </summary>
public static class GcTraceReader
{
    public const string Expected = "expected GODEBUG=gctrace=1 output: gc N @Ts U%: ...";

    private const int ChargeEvery = 1024;
    private const int KeptCutExamples = 5;

    public static GcTraceLog Read(InputFile input)
    {
        var name = input.Name;
        switch (input.Kind)
        {
            case InputKind.Empty:
                throw InputFormatException.Whole(name, input.IsCompressed ? $"the gzip data decompresses to nothing ({Expected})" : $"empty file ({Expected})");
            case InputKind.PprofProto or InputKind.ElfBinary or InputKind.ExecutionTrace or InputKind.LegacyCpuProfile or InputKind.Gzip:
                throw InputFormatException.Whole(name, $"this looks like {InputSniffer.Describe(input.Kind)}, not GODEBUG=gctrace=1 output");
        }

        var reader = new TextLineReader(input.Content, name, "GODEBUG=gctrace=1 output", input.Limits.MaxStringBytes);
        var cycles = new List<GcCycle>();
        var cut = new List<(long, string)>();
        var runStarts = new List<long>();
        long skipped = 0, init = 0, scavenger = 0, pacer = 0, cutCount = 0;
        while (reader.TryReadLine(out var line))
        {
            var at = FindStart(line);
            if (at >= 0 && TryParse(line[at..], out var cycle))
            {
                if (cycles.Count == 0 || cycle.Number <= cycles[^1].Number)
                {
                    runStarts.Add(reader.LineNumber);
                }

                if (cycles.Count % ChargeEvery == 0)
                {
                    input.Limits.Memory.Charge(ChargeEvery * Unsafe.SizeOf<GcCycle>(), name, InputPosition.Line(reader.LineNumber), "the gc cycles");
                }

                cycles.Add(cycle with { Run = runStarts.Count - 1, Line = reader.LineNumber });
                continue;
            }

            if (at >= 0 || line.Contains(" MB goal", StringComparison.Ordinal))
            {
                // A gc line program output cut into (or the rest of one), or a truncated last line.
                cutCount++;
                skipped++;
                if (cut.Count < KeptCutExamples)
                {
                    cut.Add((reader.LineNumber, line.Length > 200 ? string.Concat(line[..200], "…") : line.ToString()));
                }
            }
            else if (IsInitLine(line))
            {
                init++;
            }
            else if (line.StartsWith("scvg", StringComparison.Ordinal) || line.StartsWith("scav ", StringComparison.Ordinal))
            {
                scavenger++;
            }
            else if (line.StartsWith("pacer:", StringComparison.Ordinal))
            {
                pacer++;
            }
            else
            {
                skipped++;
            }
        }

        if (cycles.Count == 0)
        {
            // A file given as a gc trace that holds no gc line is the wrong file (or GODEBUG was not set), not an empty result.
            var what = reader.LineNumber == 0 ? "no lines" : $"{reader.LineNumber} lines";
            throw InputFormatException.Whole(name, $"no gctrace lines in {what} ({Expected})");
        }

        return new GcTraceLog(name, cycles, reader.LineNumber, skipped, init, scavenger, pacer, cut, cutCount, runStarts);
    }

    /// <summary>Where `gc N @` or `gc #N @` starts in the line (program output may come before it), or -1.</summary>
    internal static int FindStart(ReadOnlySpan<char> line)
    {
        var from = 0;
        while (from < line.Length)
        {
            var i = line[from..].IndexOf("gc ", StringComparison.Ordinal);
            if (i < 0)
            {
                return -1;
            }

            i += from;
            var j = i + 3;
            if (j < line.Length && line[j] == '#')
            {
                j++;
            }

            var digits = j;
            while (j < line.Length && char.IsAsciiDigit(line[j]))
            {
                j++;
            }

            if (j > digits && line[j..].StartsWith(" @", StringComparison.Ordinal))
            {
                return i;
            }

            from = i + 3;
        }

        return -1;
    }

    /// <summary>`init pkg @0.31 ms, 0.032 ms clock, 12456 bytes, 11 allocs` (GODEBUG=inittrace=1).</summary>
    private static bool IsInitLine(ReadOnlySpan<char> line) =>
        line.StartsWith("init ", StringComparison.Ordinal) && line.Contains(" ms clock, ", StringComparison.Ordinal) && line.EndsWith(" allocs", StringComparison.Ordinal);

    /// <summary>
    /// One gc line from its `gc` on: `gc [#]N @T s U%: c+c+c ms clock, p+p/p/p+p ms cpu, h0->h1->h2 MB, G MB goal,
    /// [S MB stacks, L MB globals, ]P P[ (forced)]`; Go 1.5–1.6 have five clock and seven cpu numbers. Anything after
    /// the `P` (other than ` (forced)`) is program output and ignored.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<char> s, out GcCycle cycle)
    {
        cycle = default;
        Span<double> clock = stackalloc double[5];
        Span<double> cpu = stackalloc double[7];
        var c = new Cursor(s);
        if (!c.Literal("gc "))
        {
            return false;
        }

        c.Literal("#");
        if (!c.Integer(out var number) || !c.Literal(" @") || !c.Decimal(out var start) || !c.Literal("s ") || !c.Integer(out var percent) || !c.Literal("%: "))
        {
            return false;
        }

        var clocks = c.Numbers(clock, out var clockSeparators);
        if (clocks is not (3 or 5) || clockSeparators.Contains('/') || !c.Literal(" ms clock, "))
        {
            return false;
        }

        var cpus = c.Numbers(cpu, out var cpuSeparators);
        var expectedCpu = clocks == 3 ? "+//+" : "+++//+";
        if (cpus != clocks + 2 || !cpuSeparators.SequenceEqual(expectedCpu) || !c.Literal(" ms cpu, "))
        {
            return false;
        }

        if (!c.Integer(out var h0) || !c.Literal("->") || !c.Integer(out var h1) || !c.Literal("->") || !c.Integer(out var h2) || !c.Literal(" MB, ")
            || !c.Integer(out var goal) || !c.Literal(" MB goal, ") || !c.Integer(out var next))
        {
            return false;
        }

        long stacks = -1, globals = -1, procs;
        if (c.Literal(" MB stacks, "))
        {
            stacks = next;
            if (!c.Integer(out globals) || !c.Literal(" MB globals, ") || !c.Integer(out procs))
            {
                return false;
            }
        }
        else
        {
            procs = next;
        }

        if (!c.Literal(" P"))
        {
            return false;
        }

        var forced = c.Literal(" (forced)");
        if (number > int.MaxValue || percent > int.MaxValue || procs > int.MaxValue || stacks > int.MaxValue || globals > int.MaxValue)
        {
            return false;
        }

        var layout = clocks == 5 ? GcLayout.Go15 : stacks >= 0 ? GcLayout.Go118 : GcLayout.Go17;
        var assist = cpu[cpus - 4];
        cycle = new GcCycle((int)number, 0, 0, start, (int)percent,
            clock[0], clocks == 5 ? clock[1] + clock[2] + clock[3] : clock[1], clock[clocks - 1],
            assist, cpu[cpus - 3], cpu[cpus - 2], h0, h1, h2, goal, (int)stacks, (int)globals, (int)procs, layout, forced);
        return true;
    }

    /// <summary>A forward cursor over one line; every method consumes only on success.</summary>
    private ref struct Cursor(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _at;

        public bool Literal(string literal)
        {
            if (!_text[_at..].StartsWith(literal, StringComparison.Ordinal))
            {
                return false;
            }

            _at += literal.Length;
            return true;
        }

        public bool Integer(out long value)
        {
            var end = _at;
            while (end < _text.Length && end - _at < 18 && char.IsAsciiDigit(_text[end]))
            {
                end++;
            }

            if (end == _at || (end < _text.Length && char.IsAsciiDigit(_text[end])))
            {
                value = 0;
                return false;
            }

            value = long.Parse(_text[_at..end], NumberStyles.None, CultureInfo.InvariantCulture);
            _at = end;
            return true;
        }

        /// <summary>`123`, `0.5`, `12.25` (what fmtNSAsMS and itoaDiv print).</summary>
        public bool Decimal(out double value)
        {
            var end = _at;
            while (end < _text.Length && end - _at < 32 && (char.IsAsciiDigit(_text[end]) || _text[end] == '.'))
            {
                end++;
            }

            if (end == _at || !char.IsAsciiDigit(_text[_at]) || !double.TryParse(_text[_at..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            {
                value = 0;
                return false;
            }

            _at = end;
            return true;
        }

        /// <summary>Decimals joined by `+` or `/` into <paramref name="values"/>; returns how many (0 on a malformed list).</summary>
        public int Numbers(scoped Span<double> values, out string separators)
        {
            var start = _at;
            var seps = new System.Text.StringBuilder(8);
            var n = 0;
            while (true)
            {
                if (n == values.Length || !Decimal(out values[n]))
                {
                    _at = start;
                    separators = "";
                    return 0;
                }

                n++;
                if (_at < _text.Length && _text[_at] is '+' or '/')
                {
                    seps.Append(_text[_at]);
                    _at++;
                    continue;
                }

                separators = seps.ToString();
                return n;
            }
        }
    }
}
