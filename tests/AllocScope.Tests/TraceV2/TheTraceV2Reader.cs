using System.Text.RegularExpressions;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;
using AllocScope.Trace;

namespace AllocScope.Tests.TraceV2;

/// <summary>
/// The v2 reader (Go 1.22+) against Go's own reader tests (src/internal/trace/testdata/tests, in ../shared/data): each
/// text trace written as the runtime writes it, read, and held to the test's expectation; Go's fuzz corpus and every
/// truncation end in a clean error or a summary.
/// </summary>
public sealed class TheTraceV2Reader
{
    private const string Tests = "go-trace-v2/tests";
    private const string Fuzz = "go-trace-v2/fuzz";

    /// <summary>The test names, read where the shared data is present (else one placeholder that skips or fails in CI).</summary>
    public static TheoryData<string> TestNames() => Names(Tests, "*.test");

    public static TheoryData<string> FuzzNames() => Names(Fuzz, "*");

    [Theory]
    [MemberData(nameof(TestNames))]
    public void Every_go_reader_test_reads_as_its_expectation_says(string name)
    {
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/{name}"));
        var bytes = test.Write();
        if (test.Failure is null)
        {
            var summary = Summarize(bytes, name);
            Assert.Equal("v2", summary.Format);
            Assert.Equal($"1.{test.Version % 1000}", summary.GoVersion);
            return;
        }

        var e = Assert.Throws<InputFormatException>(() => Summarize(bytes, name));
        Assert.Matches(new Regex(test.Failure), e.Message);
    }

    [Theory]
    [InlineData("go122-gc-stress.test")]
    [InlineData("go122-annotations.test")]
    public void Real_traces_give_the_counts_gc_heap_and_goroutines_of_their_text(string name)
    {
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/{name}"));
        var timeline = new List<HeapPoint>();
        var summary = Summarize(test.Write(), name, timeline);

        // Every timed event (and CPU sample) is one ordered event; the structural ones (batches, tables) are not.
        var kept = test.Events.Where(e => TraceV2Specs.For(e.Type, test.Version)!.IsTimed || e.Type == TraceV2EventType.CpuSample).ToList();
        var counts = kept.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(counts.OrderBy(kv => kv.Key, StringComparer.Ordinal), summary.EventCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(kept.Count, summary.Events);
        Assert.Equal(counts.GetValueOrDefault("GCBegin"), summary.GcCount);
        Assert.Equal(kept.Where(e => e.Name == "HeapAlloc").Select(e => (long)e.Args[1]).DefaultIfEmpty().Max(), summary.MaxHeapAlloc);
        Assert.Equal(kept.Count(e => e.Name is "GoCreate" or "GoCreateSyscall" or "GoCreateBlocked"), summary.GoroutinesCreated);
        Assert.Equal(kept.Count(e => e.Name is "HeapAlloc" or "HeapGoal"), timeline.Count);
        Assert.Equal(counts.GetValueOrDefault("STWEnd"), summary.Pauses.Count);
        Assert.True(summary.DurationNs > 0);
        Assert.All(timeline.Zip(timeline.Skip(1)), pair => Assert.True(pair.First.Ns < pair.Second.Ns));
        if (name == "go122-gc-stress.test")
        {
            Assert.NotEmpty(summary.AssistPayers);
            var values = kept.Where(e => e.Name == "HeapAlloc").Select(e => (long)e.Args[1]).ToHashSet();
            Assert.All(timeline.Where(p => p.HeapAlloc != 0), p => Assert.Contains(p.HeapAlloc, values));
        }
        else
        {
            Assert.Single(summary.Pauses);
        }
    }

    [Theory]
    [MemberData(nameof(TestNames))]
    public void Writing_the_text_gives_each_batch_the_size_it_declares(string name)
    {
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/{name}"));
        test.Write(out var batches);
        Assert.NotEmpty(batches);
        foreach (var b in batches.Where(b => b.Line != batches[^1].Line || test.Failure is null))
        {
            Assert.True((long)b.DeclaredSize == b.ActualSize, $"{name}:{b.Line}: size={b.DeclaredSize}, the events after it are {b.ActualSize} bytes");
        }
    }

    [Theory]
    [MemberData(nameof(FuzzNames))]
    public void Every_fuzz_corpus_input_is_a_clean_error_or_a_summary(string name)
    {
        var bytes = GoQuoted.FuzzCorpus(Repo.RequireShared($"{Fuzz}/{name}"));
        Assert.StartsWith("go 1.", System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(5, bytes.Length)), StringComparison.Ordinal);
        ReaderFuzz.Case(bytes, name, Read, "the fuzz corpus input");
    }

    [Theory]
    [MemberData(nameof(TestNames))]
    public void Every_truncation_is_a_clean_error_or_a_summary(string name)
    {
        var bytes = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/{name}")).Write();
        for (var length = 0; length < bytes.Length; length++)
        {
            ReaderFuzz.Case(bytes[..length], name, Read, $"truncated to {length} of {bytes.Length} bytes");
        }

        ReaderFuzz.BitFlips(bytes, name, Read, trials: 200);
    }

    [Theory]
    [InlineData("go122-gc-stress.test")]
    [InlineData("go125-sync.test")]
    public void One_byte_reads_give_the_same_summary(string name)
    {
        var bytes = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/{name}")).Write();
        var wholeTimeline = new List<HeapPoint>();
        var whole = Summarize(bytes, name, wholeTimeline);
        using var input = InputFile.FromStream(new OneByteStream(new MemoryStream(bytes)), name, new InputLimits());
        var chunkedTimeline = new List<HeapPoint>();
        var chunked = TraceFile.Summarize(input, chunkedTimeline.Add);
        Assert.Equal(whole.EventCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal), chunked.EventCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.Equal(wholeTimeline, chunkedTimeline);
        Assert.Equal(whole.DurationNs, chunked.DurationNs);
        Assert.Equal(whole.AssistPayers, chunked.AssistPayers);
    }

    [Fact]
    public void Times_are_nanoseconds_from_the_first_event_across_generations_of_different_frequencies()
    {
        // go123-sync: generation 1 at 1 GHz (ProcStatus at tick 16), generation 3 at 500 MHz (ProcStatus at tick 31,
        // 62 ns); Go's reader starts every generation a nanosecond on and keeps times strictly increasing.
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/go123-sync.test"));
        var summary = Summarize(test.Write(), "go123-sync.test");
        Assert.Equal(2, summary.Events);
        Assert.Equal(62 - 16, summary.DurationNs);
    }

    [Fact]
    public void A_goroutine_started_out_of_its_sequence_is_a_broken_trace()
    {
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/go122-gc-stress.test"));
        var start = test.Events.First(e => e.Name == "GoStart");
        var events = test.Events.Select(e => e == start ? e with { Args = [e.Args[0], e.Args[1], e.Args[2] + 5] } : e).ToList();
        var broken = new TraceTextForm { Name = test.Name, Failure = null, Version = test.Version, Events = events };
        var e = Assert.Throws<InputFormatException>(() => Summarize(broken.Write(), "broken"));
        Assert.Contains("broken trace: failed to advance", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Go_1_26_generations_end_with_end_of_generation_and_a_missing_one_is_a_truncated_trace()
    {
        // go125-sync as Go 1.26 writes it: a lone EndOfGeneration byte after each generation's batches.
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/go125-sync.test"));
        var events = new List<TextEvent>();
        ulong gen = 0;
        foreach (var e in test.Events)
        {
            if (e.Type == TraceV2EventType.EventBatch && gen != 0 && e.Args[0] != gen)
            {
                events.Add(new TextEvent(e.Line, TraceV2EventType.EndOfGeneration, []));
            }

            gen = e.Type == TraceV2EventType.EventBatch ? e.Args[0] : gen;
            events.Add(e);
        }

        var v26 = new TraceTextForm { Name = "go126-sync", Failure = null, Version = 1026, Events = [.. events, new TextEvent(0, TraceV2EventType.EndOfGeneration, [])] };
        var expected = Summarize(test.Write(), test.Name);
        var summary = Summarize(v26.Write(), v26.Name);
        Assert.Equal("1.26", summary.GoVersion);
        Assert.Equal(expected.Events, summary.Events);
        Assert.Equal(expected.DurationNs, summary.DurationNs);

        var unended = new TraceTextForm { Name = "go126-unended", Failure = null, Version = 1026, Events = events };
        var error = Assert.Throws<InputFormatException>(() => Summarize(unended.Write(), unended.Name));
        Assert.Contains("incomplete generation 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Experimental_batches_are_skipped()
    {
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/go123-sync.test"));
        var experimental = new TextEvent(0, TraceV2EventType.ExperimentalBatch, [1, 1, 1, 16], Data: [0x80, 0x81, 0xff, 0x00]);
        var events = test.Events.ToList();
        events.Insert(2, experimental);
        var with = new TraceTextForm { Name = test.Name, Failure = null, Version = test.Version, Events = events };
        var expected = Summarize(test.Write(), test.Name);
        var summary = Summarize(with.Write(), test.Name);
        Assert.Equal(expected.Events, summary.Events);
        Assert.Equal(expected.DurationNs, summary.DurationNs);

        // Go 1.22 had no experimental batches: there the byte is not a batch.
        var v22 = new TraceTextForm { Name = test.Name, Failure = null, Version = 1022, Events = [experimental, .. test.Events] };
        Assert.Contains("expected batch event, got event 49", Assert.Throws<InputFormatException>(() => Summarize(v22.Write(), test.Name)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_sizes_are_errors_not_allocations()
    {
        static byte[] V(ulong value)
        {
            var list = new List<byte>();
            TraceTextForm.Uvarint(list, value);
            return [.. list];
        }

        static byte[] Batch(ulong gen, params byte[][] body) =>
            [1, .. V(gen), .. V(ulong.MaxValue), .. V(1), .. V((ulong)body.Sum(b => b.Length)), .. body.SelectMany(b => b)];

        static byte[] Trace(params byte[][] parts) => [.. "go 1.23 trace\0\0\0"u8, .. parts.SelectMany(p => p)];

        var cases = new Dictionary<string, byte[]>
        {
            ["invalid batch size"] = Trace([1], V(1), V(1), V(1), V(ulong.MaxValue)),
            ["invalid string size"] = Trace(Batch(1, [4, 5], V(1), V(1 << 30))),
            ["invalid stack size"] = Trace(Batch(1, [2, 3], V(1), V(1 << 30))),
            ["invalid generation number 0"] = Trace(Batch(0, [8], V(1))),
            ["no frequency event found"] = Trace(Batch(1, [4])),
            ["found multiple frequency events"] = Trace(Batch(1, [8], V(1)), Batch(1, [8], V(2))),
            ["generations out of order"] = Trace(Batch(2, [8], V(1)), Batch(1, [8], V(2))),
        };
        foreach (var (message, bytes) in cases)
        {
            var e = Assert.Throws<InputFormatException>(() => Summarize(bytes, "hostile"));
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generations_are_read_one_at_a_time_and_their_memory_given_back()
    {
        // 50 generations, each a sync batch and one M's batch: the proc and goroutine statuses, 1,000 HeapAllocs and
        // one GC cycle (GC sequence numbers run on across generations).
        const int Generations = 50, Allocs = 1000;
        var bytes = new List<byte>("go 1.22 trace\0\0\0"u8.ToArray());
        void Batch(ulong gen, ulong m, ulong time, List<byte> body)
        {
            bytes.Add(TraceV2EventType.EventBatch);
            foreach (var v in new[] { gen, m, time, (ulong)body.Count })
            {
                TraceTextForm.Uvarint(bytes, v);
            }

            bytes.AddRange(body);
        }

        void Event(List<byte> body, byte type, params ulong[] args)
        {
            body.Add(type);
            foreach (var a in args)
            {
                TraceTextForm.Uvarint(body, a);
            }
        }

        for (var g = 1UL; g <= Generations; g++)
        {
            var sync = new List<byte>();
            Event(sync, TraceV2EventType.Frequency, 1_000_000_000);
            Batch(g, ulong.MaxValue, g * 100_000, sync);
            var body = new List<byte>();
            Event(body, TraceV2EventType.ProcStatus, 1, 0, 1);
            Event(body, TraceV2EventType.GoStatus, 1, 1, 1, 2);
            Event(body, TraceV2EventType.GcBegin, 1, (2 * g) - 1, 0);
            for (var i = 1UL; i <= Allocs; i++)
            {
                Event(body, TraceV2EventType.HeapAlloc, 1, (g * 1_000_000) + i);
            }

            Event(body, TraceV2EventType.GcEnd, 1, 2 * g);
            Batch(g, 1, g * 100_000, body);
        }

        var limits = new InputLimits { Memory = new MemoryBudget(256L << 20) };
        using var input = InputFile.FromStream(new MemoryStream([.. bytes]), "generations", limits);
        var summary = TraceFile.Summarize(input);
        Assert.Equal(Generations * (Allocs + 4), summary.Events);
        Assert.Equal(Generations, summary.GcCount);
        Assert.Equal(Generations, summary.Cycles.Count);
        Assert.Equal((Generations * 1_000_000L) + Allocs, summary.MaxHeapAlloc);
        // The first event is at 100,001 ns, but Go's reader has put its first sync event there and moves it 1 ns on.
        Assert.Equal(((Generations - 1) * 100_000L) + Allocs + 4 - 2, summary.DurationNs);
        Assert.Equal(0, limits.Memory.Used);
    }

    [Fact]
    public void Huge_time_deltas_hold_at_the_largest_time_and_sums_do_not_overflow()
    {
        // go122-annotations with every event 2^51 ticks (2^57 ns) after the one before: past the 64th event times would
        // wrap; they stop at the end of time instead.
        var test = TraceTextForm.Parse(Repo.RequireShared($"{Tests}/go122-annotations.test"));
        var events = test.Events.Select(e => TraceV2Specs.For(e.Type, test.Version)!.IsTimed ? e with { Args = [1UL << 51, .. e.Args.Skip(1)] } : e).ToList();
        var huge = new TraceTextForm { Name = test.Name, Failure = null, Version = test.Version, Events = events }.Resized().Write();
        ReaderFuzz.Case(huge, test.Name, Read, "huge deltas");
        var summary = Summarize(huge, test.Name);
        Assert.Equal(Summarize(test.Write(), test.Name).Events, summary.Events);
        Assert.True(summary.DurationNs > 0);
        Assert.True(summary.StwTotalNs >= 0);
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(40_000, false)]
    public void Threads_that_must_go_in_reverse_time_order_merge_or_stop_at_the_work_limit(int threads, bool merges)
    {
        // Thread i's GC event has GC sequence number threads − i + 3 and time i: the earliest thread's event is always the
        // last that may come, so every event makes the merge try every thread (quadratic; Go's reader does the same).
        var bytes = new List<byte>("go 1.22 trace\0\0\0"u8.ToArray());
        void Batch(ulong m, ulong time, params byte[][] events)
        {
            var body = events.SelectMany(e => e).ToList();
            bytes.Add(TraceV2EventType.EventBatch);
            foreach (var v in new[] { 1UL, m, time, (ulong)body.Count })
            {
                TraceTextForm.Uvarint(bytes, v);
            }

            bytes.AddRange(body);
        }

        static byte[] Event(byte type, params ulong[] args)
        {
            var e = new List<byte> { type };
            foreach (var a in args)
            {
                TraceTextForm.Uvarint(e, a);
            }

            return [.. e];
        }

        Batch(ulong.MaxValue, 1, Event(TraceV2EventType.Frequency, 1_000_000_000));
        Batch(0, 0, Event(TraceV2EventType.ProcStatus, 0, 0, 1), Event(TraceV2EventType.GoStatus, 0, 0, 0, 2),
            Event(TraceV2EventType.GcBegin, 1, 1, 0), Event(TraceV2EventType.GcEnd, 1, 2));
        for (var i = 1UL; i <= (ulong)threads; i++)
        {
            var seq = (ulong)threads - i + 3;
            var gc = seq % 2 == 1 ? Event(TraceV2EventType.GcBegin, 10UL * (ulong)threads, seq, 0) : Event(TraceV2EventType.GcEnd, 10UL * (ulong)threads, seq);
            Batch(i, i, Event(TraceV2EventType.ProcStatus, 0, i, 1), Event(TraceV2EventType.GoStatus, 0, i, i, 2), gc);
        }

        if (merges)
        {
            var summary = Summarize([.. bytes], "reverse");
            Assert.Equal(1 + ((threads + 1) / 2), summary.GcCount);
        }
        else
        {
            // Stopped by the count of tries, not by a clock: the message says how many tries for how many events in order,
            // and the read stopped at the first try over the limit (1.6 billion tries would have merged it all).
            var e = Assert.Throws<InputFormatException>(() => Summarize([.. bytes], "reverse"));
            var counts = System.Text.RegularExpressions.Regex.Match(e.Message, @"too far out of order to merge: ([\d,]+) events tried out of turn for ([\d,]+) events in order");
            Assert.True(counts.Success, e.Message);
            var tries = long.Parse(counts.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
            var inOrder = long.Parse(counts.Groups[2].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(TraceV2Reader.MaxFailedTries + (TraceV2Reader.MaxFailedTriesPerEvent * inOrder) + 1, tries);
        }
    }

    [Fact]
    public void Ranges_in_flight_on_a_goroutine_are_bounded()
    {
        // 300 stop-the-worlds of distinct kinds begun on one goroutine and never ended.
        var events = new List<TextEvent>
        {
            new(1, TraceV2EventType.EventBatch, [1, ulong.MaxValue, 1, 0]),
            new(2, TraceV2EventType.Frequency, [1_000_000_000]),
            new(3, TraceV2EventType.EventBatch, [1, ulong.MaxValue, 1, 0]),
            new(4, TraceV2EventType.Strings, []),
        };
        events.AddRange(Enumerable.Range(1, 300).Select(i => new TextEvent(5, TraceV2EventType.String, [(ulong)i], Data: [(byte)'k'])));
        events.Add(new TextEvent(6, TraceV2EventType.EventBatch, [1, 1, 1, 0]));
        events.Add(new TextEvent(7, TraceV2EventType.ProcStatus, [1, 0, 1]));
        events.Add(new TextEvent(8, TraceV2EventType.GoStatus, [1, 1, 1, 2]));
        events.AddRange(Enumerable.Range(1, 300).Select(i => new TextEvent(9, TraceV2EventType.StwBegin, [1, (ulong)i, 0])));
        var trace = new TraceTextForm { Name = "ranges", Failure = null, Version = 1022, Events = events }.Resized().Write();
        var e = Assert.Throws<InputFormatException>(() => Summarize(trace, "ranges"));
        Assert.Contains("more than 256 ranges in flight", e.Message, StringComparison.Ordinal);
    }

    internal static TraceSummary Summarize(byte[] bytes, string name, List<HeapPoint>? timeline = null)
    {
        using var input = InputFile.FromStream(new MemoryStream(bytes), name, new InputLimits());
        return TraceFile.Summarize(input, timeline is null ? null : timeline.Add);
    }

    /// <summary>Reads and asks the summary every derived number the reports print (sums of pauses and cycles must not overflow).</summary>
    private static void Read(Stream stream, string name, InputLimits limits)
    {
        using var input = InputFile.FromStream(stream, name, limits);
        var s = TraceFile.Summarize(input);
        Assert.True(s.DurationNs >= 0);
        _ = (s.StwTotalNs, s.StwMaxNs, s.PausePercentile(50), s.PausePercentile(99), s.GcWallFraction, s.AllocationRate, s.Cycles.Sum(c => c.StwNs));
    }

    private static TheoryData<string> Names(string folder, string pattern)
    {
        var data = new TheoryData<string>();
        var dir = Repo.SharedData is { } shared ? Path.Combine(shared, folder) : null;
        if (dir is null || !Directory.Exists(dir))
        {
            data.Add("(../shared/data missing)");
            return data;
        }

        foreach (var file in Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }
}
