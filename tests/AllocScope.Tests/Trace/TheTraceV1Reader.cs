using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;
using AllocScope.Trace;

namespace AllocScope.Tests.Trace;

/// <summary>Go's own v1 traces ($GOROOT/src/internal/trace/testdata) read as Go 1.19's parser reads them.</summary>
public sealed class TheTraceV1Reader
{
    public static TheoryData<string> GoodTraces()
    {
        var data = new TheoryData<string>();
        var go = AllocScope.Toolchain.ToolLocator.FindGo();
        if (go is null)
        {
            data.Add("(go missing)");
            return data;
        }

        foreach (var file in Directory.GetFiles(GoTraceDump.TestData, "*_good").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static ExecutionTrace Read(string path)
    {
        using var input = InputFile.Open(path, new InputLimits());
        return TraceV1Reader.Read(input);
    }

    /// <summary>The summary as the commands make it: two passes, no events kept.</summary>
    private static TraceSummary Summarize(Stream stream, string name, InputLimits limits, List<HeapPoint>? timeline = null)
    {
        using var input = InputFile.FromStream(stream, name, limits);
        return TraceFile.Summarize(input, timeline is null ? null : timeline.Add);
    }

    private static TraceSummary Summarize(string path, List<HeapPoint>? timeline = null)
    {
        using var input = InputFile.Open(path, new InputLimits());
        return TraceFile.Summarize(input, timeline is null ? null : timeline.Add);
    }

    [Theory]
    [MemberData(nameof(GoodTraces))]
    public void Every_good_trace_gives_the_events_counts_gc_stw_heap_and_goroutines_of_gos_parser(string name)
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, name);
        var go = GoTraceDump.Of(path);
        var trace = Read(path);
        var ours = Summarize(path);

        Assert.Equal(go.Events.Count, ours.Events);
        Assert.Equal(go.Events.Count, trace.Events.Count);
        Assert.Equal(go.Counts.OrderBy(kv => kv.Key), ours.EventCounts.OrderBy(kv => kv.Key));
        Assert.Equal(go.Counts.GetValueOrDefault("GCStart"), ours.GcCount);
        Assert.Equal(go.Counts.GetValueOrDefault("GoCreate"), ours.GoroutinesCreated);
        Assert.Equal(go.StwTotal(trace.Version), ours.StwTotalNs);
        Assert.Equal(go.MaxHeapAlloc, ours.MaxHeapAlloc);

        // Same times, event by event; events at the same nanosecond come in an order even Go's parser does not fix (it
        // walks its per-P lists in map order), so those are compared as a set.
        Assert.Equal(go.Events.Select(e => (e.Ts, e.Type)).Order(), trace.Events.Select(e => (e.Ts, e.Type.Name())).Order());
        Assert.True(trace.Events.Zip(trace.Events.Skip(1)).All(pair => pair.First.Ts <= pair.Second.Ts));
    }

    [Theory]
    [MemberData(nameof(GoodTraces))]
    public void Every_truncation_is_a_clean_error_and_one_byte_reads_give_the_same_trace(string name)
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, name);
        var data = File.ReadAllBytes(path);
        static void ReadStream(Stream stream, string file, InputLimits limits) => Summarize(stream, file, limits);

        // Every offset of a trace up to 10 KB, 1,000 sampled offsets of a larger one: a cut is an error, unless it only
        // dropped records no event refers to (Go 1.5's trailing TimerGoroutine records, a stack of the table no event
        // names): then it must give the whole file's numbers, nothing short of them.
        var fullTimeline = new List<HeapPoint>();
        var full = Summarize(path, fullTimeline);
        var offsets = data.Length <= ReaderFuzz.EveryOffsetUpTo ? Enumerable.Range(0, data.Length) : Enumerable.Range(0, ReaderFuzz.SampledOffsets).Select(i => new Random(i).Next(data.Length));
        foreach (var length in offsets)
        {
            TraceSummary? cut = null;
            var timeline = new List<HeapPoint>();
            var gaveResult = ReaderFuzz.Case(data[..length], name, (stream, file, limits) => cut = Summarize(stream, file, limits, timeline), $"truncated to {length} of {data.Length} bytes");
            Assert.False(gaveResult && !(cut!.EventCounts.OrderBy(kv => kv.Key).SequenceEqual(full.EventCounts.OrderBy(kv => kv.Key))
                && cut.StwTotalNs == full.StwTotalNs && cut.AssistPayers.SequenceEqual(full.AssistPayers) && timeline.SequenceEqual(fullTimeline)),
                $"{name} truncated to {length} bytes gave a result short of the whole trace's");
        }

        ReaderFuzz.BitFlips(data, name, ReadStream, trials: 100);

        // Read one byte at a time through a pipe-like stream (spooled for the second pass): the same numbers.
        var chunkedTimeline = new List<HeapPoint>();
        var chunked = Summarize(new OneByteStream(new MemoryStream(data)), name, new InputLimits(), chunkedTimeline);
        Assert.Equal(full.EventCounts.OrderBy(kv => kv.Key), chunked.EventCounts.OrderBy(kv => kv.Key));
        Assert.Equal(full.StwTotalNs, chunked.StwTotalNs);
        Assert.Equal(fullTimeline, chunkedTimeline);
    }

    [Theory]
    [MemberData(nameof(GoodTraces))]
    public void The_summary_that_keeps_no_events_equals_the_one_made_from_every_event(string name)
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, name);
        var trace = Read(path);
        var timeline = new List<HeapPoint>();
        var streamed = Summarize(path, timeline);

        // Recount from the materialized events (futile wakeups removed, syscall exits at their real time) by hand.
        var counts = trace.Events.GroupBy(e => e.Type.Name()).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(counts.OrderBy(kv => kv.Key), streamed.EventCounts.OrderBy(kv => kv.Key));
        Assert.Equal(trace.Events.Count(e => e.Type == TraceEventType.GCStart), streamed.GcCount);
        Assert.Equal(trace.Events.Count(e => e.Type == TraceEventType.GCDone), streamed.Cycles.Count);
        Assert.Equal(trace.Events.Where(e => e.Type == TraceEventType.HeapAlloc).Select(e => (long)e.Arg0).DefaultIfEmpty().Max(), streamed.MaxHeapAlloc);
        Assert.Equal(trace.Events.Count(e => e.Type is TraceEventType.HeapAlloc or TraceEventType.HeapGoal), timeline.Count);
        Assert.Equal(trace.Events.Max(e => e.Ts), streamed.DurationNs);
    }

    [Fact]
    public void A_made_up_trace_naming_thousands_of_ps_is_refused_before_the_merge()
    {
        // Edge case written here (no runtime writes it): 5,000 one-event batches, each on its own P. The merge visits
        // every P for every event, so this is refused in the first pass instead of taking quadratic time.
        var bytes = new List<byte>("go 1.19 trace\0\0\0"u8.ToArray());
        for (var p = 0; p < 5000; p++)
        {
            bytes.Add(0x41); // Batch, two arguments: P and ticks
            AddVarint(bytes, (ulong)p);
            AddVarint(bytes, 1000);
            bytes.Add(0x06); // ProcStop, a time delta
            AddVarint(bytes, 1);
        }

        var e = Assert.Throws<InputFormatException>(() => Summarize(new MemoryStream([.. bytes]), "many-ps", new InputLimits()));
        Assert.Contains($"more than {TraceV1Index.MaxPs} Ps", e.Message, StringComparison.Ordinal);
    }

    private static void AddVarint(List<byte> bytes, ulong value)
    {
        for (; value >= 0x80; value >>= 7)
        {
            bytes.Add((byte)(value | 0x80));
        }

        bytes.Add((byte)value);
    }

    [Fact]
    public void The_unordered_go_1_5_trace_is_a_clean_time_order_error()
    {
        GoTool.Require();
        var e = Assert.Throws<InputFormatException>(() => Read(Path.Combine(GoTraceDump.TestData, "stress_1_5_unordered")));
        Assert.Contains("time stamps out of order", e.Message, StringComparison.Ordinal);
    }
}
