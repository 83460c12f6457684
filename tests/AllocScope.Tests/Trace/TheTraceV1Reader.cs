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

    [Theory]
    [MemberData(nameof(GoodTraces))]
    public void Every_good_trace_gives_the_events_counts_gc_stw_heap_and_goroutines_of_gos_parser(string name)
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, name);
        var go = GoTraceDump.Of(path);
        var trace = Read(path);
        var ours = TraceSummary.Of(trace);

        Assert.Equal(go.Events.Count, ours.Events);
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
        static void ReadStream(Stream stream, string file, InputLimits limits)
        {
            using var input = InputFile.FromStream(stream, file, limits);
            TraceV1Reader.Read(input);
        }

        // Every offset of a trace up to 10 KB, 1,000 sampled offsets of a larger one: a cut is an error, unless it only
        // dropped records no event refers to (Go 1.5's trailing TimerGoroutine records, a stack of the table no event
        // names): then it must give the whole file's numbers, nothing short of them.
        var full = TraceSummary.Of(Read(path));
        var offsets = data.Length <= ReaderFuzz.EveryOffsetUpTo ? Enumerable.Range(0, data.Length) : Enumerable.Range(0, ReaderFuzz.SampledOffsets).Select(i => new Random(i).Next(data.Length));
        foreach (var length in offsets)
        {
            TraceSummary? cut = null;
            var gaveResult = ReaderFuzz.Case(data[..length], name, (stream, file, limits) =>
            {
                using var input = InputFile.FromStream(stream, file, limits);
                cut = TraceSummary.Of(TraceV1Reader.Read(input));
            }, $"truncated to {length} of {data.Length} bytes");
            Assert.False(gaveResult && !(cut!.EventCounts.OrderBy(kv => kv.Key).SequenceEqual(full.EventCounts.OrderBy(kv => kv.Key))
                && cut.StwTotalNs == full.StwTotalNs && cut.AssistPayers.SequenceEqual(full.AssistPayers) && cut.Timeline.SequenceEqual(full.Timeline)),
                $"{name} truncated to {length} bytes gave a result short of the whole trace's");
        }

        ReaderFuzz.BitFlips(data, name, ReadStream, trials: 100);

        using var whole = InputFile.FromStream(new OneByteStream(new MemoryStream(data)), name, new InputLimits());
        var chunked = TraceSummary.Of(TraceV1Reader.Read(whole));
        var direct = TraceSummary.Of(Read(path));
        Assert.Equal(direct.EventCounts.OrderBy(kv => kv.Key), chunked.EventCounts.OrderBy(kv => kv.Key));
        Assert.Equal(direct.StwTotalNs, chunked.StwTotalNs);
    }

    [Fact]
    public void The_unordered_go_1_5_trace_is_a_clean_time_order_error()
    {
        GoTool.Require();
        var e = Assert.Throws<InputFormatException>(() => Read(Path.Combine(GoTraceDump.TestData, "stress_1_5_unordered")));
        Assert.Contains("time stamps out of order", e.Message, StringComparison.Ordinal);
    }
}
