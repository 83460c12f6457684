using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AllocScope.GcTrace;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.GcTrace;

/// <summary>
/// GODEBUG=gctrace=1 logs: the recorded Go 1.19 fixture and the shared sample (real), and hand-written lines of the
/// older layouts and of what program output does to them (made here, clearly not recorded).
/// </summary>
public sealed partial class TheGcTraceReader
{
    // FORMATS.md §4.1's robust pattern, anchored to a whole line: the independent oracle the reader is checked against.
    [GeneratedRegex(@"^gc #?(\d+) @([\d.]+)s (\d+)%: ([\d.+]+) ms clock, ([\d.+/]+) ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, (?:(\d+) MB stacks, (\d+) MB globals, )?(\d+) P( \(forced\))?$")]
    internal static partial Regex GcLine();

    public static GcTraceLog Read(string path, bool oneByte = false)
    {
        Stream stream = File.OpenRead(path);
        if (oneByte)
        {
            stream = new OneByteStream(stream);
        }

        using var input = InputFile.FromStream(stream, path, new InputLimits());
        return GcTraceReader.Read(input);
    }

    public static GcTraceLog ReadText(string text, string name = "hand-written.txt", bool oneByte = false)
    {
        Stream stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        if (oneByte)
        {
            stream = new OneByteStream(stream);
        }

        using var input = InputFile.FromStream(stream, name, new InputLimits());
        return GcTraceReader.Read(input);
    }

    /// <summary>Every field of a line against the cycle read from it (the oracle: the regex of FORMATS.md).</summary>
    internal static void AssertCycleEqualsLine(GcCycle cycle, string line)
    {
        var m = GcLine().Match(line);
        Assert.True(m.Success, $"not a whole gc line: {line}");
        double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var clock = m.Groups[4].Value.Split('+').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var cpuParts = m.Groups[5].Value.Split('+');
        var slash = cpuParts.Single(p => p.Contains('/', StringComparison.Ordinal)).Split('/').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), cycle.Number);
        Assert.Equal(D(2), cycle.StartSeconds);
        Assert.Equal(int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), cycle.CpuPercent);
        Assert.Equal(clock[0], cycle.SweepTermMs);
        Assert.Equal(clock[1..^1].Sum(), cycle.MarkMs, 9);
        Assert.Equal(clock[^1], cycle.MarkTermMs);
        Assert.Equal(slash[0], cycle.AssistCpuMs);
        Assert.Equal(slash[1], cycle.BackgroundCpuMs);
        Assert.Equal(slash[2], cycle.IdleCpuMs);
        Assert.Equal((long)D(6), cycle.HeapStartMb);
        Assert.Equal((long)D(7), cycle.HeapEndMb);
        Assert.Equal((long)D(8), cycle.HeapLiveMb);
        Assert.Equal((long)D(9), cycle.GoalMb);
        Assert.Equal(m.Groups[10].Success ? int.Parse(m.Groups[10].Value, CultureInfo.InvariantCulture) : null, cycle.Stacks);
        Assert.Equal(m.Groups[11].Success ? int.Parse(m.Groups[11].Value, CultureInfo.InvariantCulture) : null, cycle.Globals);
        Assert.Equal(int.Parse(m.Groups[12].Value, CultureInfo.InvariantCulture), cycle.Procs);
        Assert.Equal(m.Groups[13].Success, cycle.Forced);
    }

    [Fact]
    public void Reads_every_cycle_of_the_recorded_fixture_as_its_line_says()
    {
        var path = Repo.Fixture("gctrace.txt");
        var log = Read(path);
        var lines = File.ReadAllLines(path).Where(l => GcLine().IsMatch(l)).ToList();
        Assert.Equal(lines.Count, log.Cycles.Count);
        Assert.Equal(15, log.Cycles.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            AssertCycleEqualsLine(log.Cycles[i], lines[i]);
        }

        Assert.Equal([GcLayout.Go118], log.Layouts);
        Assert.Equal(0, log.SkippedLines);
        Assert.Equal(1, log.Runs);
        var s = GcTraceSummary.Of(log);
        Assert.Equal(0, s.ForcedCount);
        Assert.Equal(20, s.CpuPercent);
        Assert.Equal(0.289 - 0.019, s.SpanSeconds, 9);
        Assert.Equal(53 + 0.004, s.StwMaxMs, 9); // gc 8: 53+1.5+0.004
        Assert.Null(s.InferredGogc); // every live heap is 0 MiB: the 4 MiB minimum sets the goal
    }

    [Fact]
    public void Reads_the_shared_sample_with_its_inittrace_lines()
    {
        var path = Repo.RequireShared("go1.19-samples/sample_gctrace_inittrace_go1.19.txt");
        var log = Read(path);
        var lines = File.ReadAllLines(path);
        var gcLines = lines.Where(l => GcLine().IsMatch(l)).ToList();
        Assert.Equal(gcLines.Count, log.Cycles.Count);
        AssertCycleEqualsLine(log.Cycles[^1], gcLines[^1]);
        Assert.Equal(lines.Count(l => l.StartsWith("init ", StringComparison.Ordinal)), log.InitLines);
        Assert.Equal(0, log.SkippedLines);
        var s = GcTraceSummary.Of(log);
        Assert.Equal(gcLines.Count(l => l.EndsWith("(forced)", StringComparison.Ordinal)), s.ForcedCount);
        Assert.Equal(100, s.InferredGogc); // the sample ran with the default GOGC
        Assert.Equal([15], s.OvershootCycles); // gc 15: 11->11->5 MB, 10 MB goal
        var pauses = log.Cycles.Select(c => c.SweepTermMs + c.MarkTermMs).ToList();
        Assert.Equal(pauses.Sum(), s.StwTotalMs, 9);
        Assert.Equal(pauses.Max(), s.StwMaxMs, 9);
    }

    [Fact]
    public void Reads_the_same_in_one_byte_chunks()
    {
        var path = Repo.Fixture("gctrace.txt");
        Assert.Equal(Read(path).Cycles, Read(path, oneByte: true).Cycles);
        var text = string.Join('\n', HandWritten.Lines) + "\n";
        var whole = ReadText(text);
        var chunked = ReadText(text, oneByte: true);
        Assert.Equal(whole.Cycles, chunked.Cycles);
        Assert.Equal((whole.SkippedLines, whole.InitLines, whole.ScavengerLines, whole.PacerLines, whole.CutLineCount),
            (chunked.SkippedLines, chunked.InitLines, chunked.ScavengerLines, chunked.PacerLines, chunked.CutLineCount));
    }

    [Fact]
    public void Reads_the_go_1_5_layout_with_five_clock_phases_and_a_hash_before_the_number()
    {
        var log = ReadText(HandWritten.Go15 + "\n" + HandWritten.Go16 + "\n");
        Assert.Equal([GcLayout.Go15], log.Layouts);
        var c = log.Cycles[0];
        Assert.Equal((1, 0.006, 0.34, 0.005 + 0.54 + 0.12, 0.27, 0.52), (c.Number, c.StartSeconds, c.SweepTermMs, c.MarkMs, c.MarkTermMs, c.AssistCpuMs));
        Assert.Equal((4L, 4L, 1L, 5L, (int?)null, 8), (c.HeapStartMb, c.HeapEndMb, c.HeapLiveMb, c.GoalMb, c.Stacks, c.Procs));
        AssertCycleEqualsLine(log.Cycles[1], HandWritten.Go16);
    }

    [Fact]
    public void Reads_the_go_1_7_to_1_17_layout_without_stacks_and_globals()
    {
        var log = ReadText(HandWritten.Go117 + "\n");
        Assert.Equal([GcLayout.Go17], log.Layouts);
        AssertCycleEqualsLine(log.Cycles[0], HandWritten.Go117);
        Assert.Null(log.Cycles[0].Globals);
    }

    [Fact]
    public void Reads_forced_cycles()
    {
        var log = ReadText(HandWritten.Go119Forced + "\n");
        Assert.True(log.Cycles[0].Forced);
        Assert.Equal(1, GcTraceSummary.Of(log).ForcedCount);
    }

    [Fact]
    public void Finds_a_gc_line_after_program_output_and_counts_a_line_cut_by_program_output()
    {
        var log = ReadText(string.Join('\n', HandWritten.Lines) + "\n");
        Assert.Equal([1, 2, 4, 5], log.Cycles.Select(c => c.Number));
        Assert.Equal(2, log.CutLineCount); // gc 3 cut after "ms clock, ", and the rest of it on the next line
        Assert.Equal(HandWritten.CutLine, log.CutLines[0].Line);
        Assert.Equal(1, GcTraceSummary.Of(log).MissingCycles);
        Assert.Equal(2, log.InitLines);
        Assert.Equal(3, log.ScavengerLines);
        Assert.Equal(1, log.PacerLines);
        Assert.Equal(2 + 2, log.SkippedLines); // two program lines and the two pieces of gc 3
    }

    [Fact]
    public void A_truncated_last_line_is_counted_as_cut_and_the_rest_is_read()
    {
        var text = HandWritten.Go119 + "\n" + HandWritten.Go119Forced[..60];
        var log = ReadText(text);
        Assert.Single(log.Cycles);
        Assert.Equal(1, log.CutLineCount);
    }

    [Fact]
    public void Cycle_numbers_that_go_back_start_a_second_run()
    {
        var log = ReadText($"{HandWritten.Go119}\n{HandWritten.Go119Forced}\n{HandWritten.Go119}\n");
        Assert.Equal(2, log.Runs);
        Assert.Equal([0, 0, 1], log.Cycles.Select(c => c.Run));
        Assert.Equal([1L, 3L], log.RunStartLines);
        Assert.Null(GcTraceSummary.GoalLiveRatio(log.Cycles, 2)); // a run's first cycle has no previous live heap
    }

    [Fact]
    public void An_empty_file_a_binary_file_and_a_file_without_gc_lines_are_bad_inputs()
    {
        var empty = Assert.Throws<InputFormatException>(() => ReadText(""));
        Assert.Contains("empty file", empty.Message, StringComparison.Ordinal);
        var none = Assert.Throws<InputFormatException>(() => ReadText("hello\nworld\n"));
        Assert.Contains("no gctrace lines", none.Message, StringComparison.Ordinal);
        Assert.Equal("hand-written.txt", none.File);
        var elf = Assert.Throws<InputFormatException>(() => Read(typeof(TheGcTraceReader).Assembly.Location));
        Assert.Contains("no gctrace lines", elf.Message, StringComparison.Ordinal); // a .NET assembly: no format we know, no gc line
        var random = new byte[64 * 1024];
        new Random(7).NextBytes(random);
        using var input = InputFile.FromStream(new MemoryStream(random), "random.bin", new InputLimits());
        Assert.Throws<InputFormatException>(() => GcTraceReader.Read(input));
    }

    [Fact]
    public void Another_profile_format_is_named()
    {
        var e = Assert.Throws<InputFormatException>(() => Read(Repo.Fixture("mem-rate1.pprof")));
        Assert.Contains("not GODEBUG=gctrace=1 output", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_and_bit_flip_ends_in_a_result_or_one_clean_error()
    {
        var data = File.ReadAllBytes(Repo.Fixture("gctrace.txt"));
        void ReadOnce(Stream s, string name, InputLimits limits)
        {
            using var input = InputFile.FromStream(s, name, limits);
            var log = GcTraceReader.Read(input);
            _ = GcTraceSummary.Of(log);
        }

        Assert.True(ReaderFuzz.Truncations(data, "gctrace.txt", ReadOnce) > 0);
        ReaderFuzz.BitFlips(data, "gctrace.txt", ReadOnce);
    }
}

/// <summary>Hand-written gctrace lines (not recorded): layouts of Go releases not installed here, and damage.</summary>
internal static class HandWritten
{
    // Go 1.5 printed `gc #N`; 1.5–1.6 have five clock phases and seven cpu numbers (runtime/mgc.go of those releases).
    public const string Go15 = "gc #1 @0.006s 2%: 0.34+0.005+0.54+0.12+0.27 ms clock, 1.3+0.005+0+0.52/0.30/0.44+1.0 ms cpu, 4->4->1 MB, 5 MB goal, 8 P";
    public const string Go16 = "gc 2 @0.010s 3%: 0.020+0.10+0.003+1.2+0.31 ms clock, 0.080+0.10+0+0/0.90/0.60+1.2 ms cpu, 4->5->2 MB, 5 MB goal, 4 P (forced)";
    public const string Go117 = "gc 7 @1.234s 4%: 0.015+2.3+0.021 ms clock, 0.12+0.55/4.1/8.9+0.17 ms cpu, 12->13->6 MB, 13 MB goal, 8 P";
    public const string Go119 = "gc 1 @0.019s 0%: 0.089+1.7+0.005 ms clock, 0.17+0.017/0.11/0.18+0.011 ms cpu, 3->3->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P";
    public const string Go119Forced = "gc 2 @0.032s 13%: 5.1+3.0+0.007 ms clock, 10+0/0.27/0+0.014 ms cpu, 3->3->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)";

    /// <summary>The line gc 3 starts on in <see cref="Lines"/> (1-based).</summary>
    public const long CutLine = 7;

    public static readonly string[] Lines =
    [
        "init runtime @0.031 ms, 0.038 ms clock, 0 bytes, 0 allocs",
        "init fmt @0.48 ms, 0.002 ms clock, 32 bytes, 2 allocs",
        "starting server on :8080",
        Go119,
        "progress 10%" + Go119Forced, // program output without a newline, then the runtime's line
        "scvg0: inuse: 3, idle: 0, sys: 4, released: 0, consumed: 4 (MB)",
        "gc 3 @0.050s 10%: 0.028+1.2+0.004 ms clock, request 17 done", // program output cut into the line
        "0.056+0.058/0.053/0.15+0.009 ms cpu, 3->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P",
        "gc 4 @0.060s 8%: 0.030+2.1+0.005 ms clock, 0.061+0.063/0.051/0.15+0.010 ms cpu, 3->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P",
        "scvg: 0 MB released",
        "scav 12 KiB work, 0 KiB total, 91% util",
        "pacer: assist ratio=+1.0e+000 (scan 0 MB in 3->4 MB) workers=1++0.000000e+000",
        "gc 5 @0.071s 7%: 0.028+1.5+0.004 ms clock, 0.057+0.058/0.050/0.14+0.009 ms cpu, 3->4->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 Pdone",
        "exit",
    ];
}
