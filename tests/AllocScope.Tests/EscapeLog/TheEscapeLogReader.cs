using System.Text;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Taxonomy;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>The -m/-m=2 text reader on real Go 1.19 output (shared samples and the recorded fixtures).</summary>
public sealed class TheEscapeLogReader
{
    private static string Sample(string name) => Repo.RequireShared(Path.Combine("go1.19-samples", name));

    [Theory]
    [InlineData("sample_m2_go1.19.txt")]
    [InlineData("gosamples-src/m1.out")]
    public void Reads_the_go119_samples_with_no_unrecognized_line(string name)
    {
        var log = EscapeLogReader.Read(Sample(name));
        Assert.Equal(0, log.Unrecognized.Count);
        Assert.Equal(0, log.ForeignLineCount);
        Assert.Equal(["example.com/esc"], log.Packages);
    }

    [Theory]
    [InlineData("m2.txt")]
    [InlineData("m2-optimized.txt")]
    [InlineData("m1.txt")]
    [InlineData("json0")]
    public void Reads_the_recorded_fixtures_with_no_unrecognized_line(string name)
    {
        var log = EscapeLogReader.Read(Repo.Fixture(name), Repo.Example());
        Assert.Equal(0, log.Unrecognized.Count);
        Assert.NotEmpty(log.Decisions);
    }

    [Fact]
    public void Has_one_decision_per_summary_line_that_go_printed()
    {
        // Summary lines are the -m=1 lines; -m=2 prints the same set plus explanations and inliner detail.
        var summaries = File.ReadAllLines(Sample("gosamples-src/m1.out")).Count(l =>
            l.EndsWith(" escapes to heap", StringComparison.Ordinal) || l.Contains(": moved to heap: ", StringComparison.Ordinal)
            || l.EndsWith(" does not escape", StringComparison.Ordinal) || l.Contains(": leaking param", StringComparison.Ordinal));
        var log = EscapeLogReader.Read(Sample("sample_m2_go1.19.txt"));
        Assert.Equal(summaries, log.Decisions.Count);
        Assert.Equal(summaries, EscapeLogReader.Read(Sample("gosamples-src/m1.out")).Decisions.Count);
    }

    [Fact]
    public void Groups_an_explanation_with_its_summary_and_keeps_every_step_with_its_position()
    {
        var log = EscapeLogReader.Read(Sample("sample_m2_go1.19.txt"));
        var content = Assert.Single(log.Decisions, d => d.Verdict == EscapeVerdict.LeakingParamContent);
        Assert.Equal(("./main.go", 11, 14, "t", "content"), (content.File, content.Line, content.Column, content.Expression, content.Function));
        var explanation = Assert.Single(content.Explanations);
        Assert.Equal("parameter t leaks to {heap} with derefs=1:", explanation.Header);
        Assert.Equal("{heap}", explanation.Location);
        Assert.Equal(1, explanation.Derefs);
        Assert.Equal(
            [
                new FlowStep("{heap} = *t", null, "./main.go", 11, 30) { Kind = FlowStepKind.Edge },
                new FlowStep("t.p", "dot of pointer", "./main.go", 11, 30),
                new FlowStep("t.p", "interface-converted", "./main.go", 11, 22),
                new FlowStep("sink = t.p", "assign", "./main.go", 11, 27),
            ],
            content.Flow);
        Assert.Equal("{heap}", content.Flow[0].Destination);
        Assert.Equal("*t", content.Flow[0].Source);
    }

    [Fact]
    public void Rebuilds_the_log_lines_of_a_decision_exactly()
    {
        var path = Sample("sample_m2_go1.19.txt");
        var lines = File.ReadAllLines(path).ToHashSet(StringComparer.Ordinal);
        var log = EscapeLogReader.Read(path);
        foreach (var decision in log.Decisions)
        {
            foreach (var message in decision.Messages())
            {
                Assert.Contains(message, lines);
            }
        }
    }

    [Fact]
    public void Names_the_enclosing_function_from_the_declaration_lines_including_inlined_copies()
    {
        var log = EscapeLogReader.Read(Sample("sample_m2_go1.19.txt"));
        string FunctionAt(int line, string expression) => log.Decisions.Single(d => d.Line == line && d.Expression == expression).Function;
        Assert.Equal("mk", FunctionAt(15, "make([]int, n)"));
        Assert.Equal("newT", FunctionAt(19, "&T{...}"));
        Assert.Equal("closure", FunctionAt(21, "func literal"));
        Assert.Equal("main", FunctionAt(25, "make([]int, n)"));
        Assert.Equal("main", FunctionAt(24, "v"));
    }

    [Fact]
    public void Names_functions_from_the_source_when_the_log_does_not_declare_them()
    {
        // -m=1 prints `can inline` only for inlinable functions; `main` is not one.
        var source = Path.GetDirectoryName(Sample("gosamples-src/main.go"))!;
        var log = EscapeLogReader.Read(Sample("gosamples-src/m1.out"), source);
        var v = Assert.Single(log.Decisions, d => d.Expression == "v");
        Assert.Equal("main", v.Function);
        Assert.Equal(Path.Combine(source, "main.go"), v.FullPath);
    }

    [Fact]
    public void Gives_the_same_answer_when_fed_one_byte_at_a_time()
    {
        var path = Sample("sample_m2_go1.19.txt");
        var whole = EscapeLogReader.Read(path);
        using var stream = new OneByteStream(File.OpenRead(path));
        var chunked = EscapeLogReader.Read(stream, path);
        Assert.Equal(Describe(whole), Describe(chunked));
    }

    [Fact]
    public void Reads_the_json0_log_into_the_same_heap_decisions_as_the_text_log()
    {
        var text = EscapeLogReader.Read(Sample("sample_m2_go1.19.txt"));
        var source = Path.GetDirectoryName(Sample("gosamples-src/main.go"))!;
        var json = EscapeLogReader.Read(Sample("gosamples-src/jsonout"), source);
        Assert.Equal(0, json.Unrecognized.Count);
        Assert.Equal("main", Assert.Single(json.Packages));
        string Key(EscapeDecision d) => $"{d.Line}:{d.Column} {d.Expression} {d.Verdict} {d.Kind.Id()} {d.Reason.Id()} {d.Function} {d.Flow.Count}";
        Assert.Equal(text.HeapDecisions.Select(Key).Order(), json.HeapDecisions.Select(Key).Order());
        Assert.All(json.Decisions, d => Assert.Equal("/tmp/research/gosamples/main.go", d.File));
    }

    [Fact]
    public void Reads_a_json0_file_given_alone()
    {
        var log = EscapeLogReader.Read(Sample("sample_json0_go1.19.json"));
        Assert.Equal(33, log.Lines);
        Assert.Equal(13, log.HeapDecisions.Count());
        Assert.Equal(8, log.InliningDecisions.Count(i => i.Verdict == InliningVerdict.CanInline));
    }

    [Fact]
    public void Finds_decisions_by_a_profile_path_that_ends_with_the_log_path()
    {
        var log = EscapeLogReader.Read(Repo.Fixture("m2.txt"), Repo.Example());
        var plant = Plants.Find("plain.go", "nonconst-size");
        foreach (var file in new[] { "example.com/hotspots/plain.go", Repo.Example("plain.go"), "plain.go" })
        {
            var found = Assert.Single(log.DecisionsAt(file, plant.Line), d => d.Escapes);
            Assert.Equal("make([]byte, width)", found.Expression);
        }

        Assert.DoesNotContain(log.DecisionsAt("example.com/hotspots/workload.go", plant.Line), d => d.File == "./plain.go");
        Assert.Empty(log.DecisionsAt("example.com/hotspots/xplain.go", plant.Line));
    }

    [Fact]
    public void Keeps_lines_of_other_tools_aside()
    {
        var input = TestLog.Text(
            "go: downloading example.com/dep v1.0.0",
            "# example.com/x",
            "./x.go:3:6: can inline f with cost 2 as: func() *int { return new(int) }",
            "./x.go:3:29: new(int) escapes to heap",
            "./y.go:9:2: undefined: zzz",
            "note: module requires Go 1.30");
        var log = EscapeLogReader.Read(input, "mixed.txt");
        Assert.Equal(0, log.Unrecognized.Count);
        Assert.Equal(3, log.ForeignLineCount);
        Assert.Equal([1L, 5, 6], log.ForeignLines.Select(l => l.Number));
        var decision = Assert.Single(log.Decisions);
        Assert.Equal(("f", AllocationKind.NewObject), (decision.Function, decision.Kind));
    }

    [Fact]
    public void Counts_unknown_message_shapes_and_keeps_examples()
    {
        var input = TestLog.Text("# p", "./x.go:3:6: can inline f", "./x.go:4:2: some future message about x", "./x.go:5:2: another one");
        var log = EscapeLogReader.Read(input, "future.txt");
        Assert.Equal(2, log.Unrecognized.Count);
        Assert.Equal("./x.go:4:2: some future message about x", log.Unrecognized.Examples[0].Text);
        Assert.Equal(3, log.Unrecognized.Examples[0].Number);
    }

    [Fact]
    public void Reads_the_newer_go_wording()
    {
        // Go 1.25/1.26 shapes (FORMATS.md §3.3): `in F`/`for F` suffixes, the ← arrow, `append escapes to heap`.
        var input = TestLog.Text(
            "# example.com/x",
            "./x.go:5:13: append(s, 1) escapes to heap in grow:",
            "./x.go:5:13:   flow: ~r0 \u2190 &{storage for append(s, 1)}:",
            "./x.go:5:13:     from append(s, 1) (spill) at ./x.go:5:13",
            "./x.go:5:13:     from return append(s, 1) (return) at ./x.go:5:2",
            "./x.go:4:11: parameter s leaks to ~r0 for grow with derefs=0:",
            "./x.go:4:11:   flow: ~r0 \u2190 s:",
            "./x.go:4:11:     from append(s, 1) (appendee slice) at ./x.go:5:13",
            "./x.go:4:11: leaking param: s to result ~r0 level=0",
            "./x.go:5:13: append escapes to heap",
            "./x.go:9:21: zero-copy string->[]byte conversion");
        var log = EscapeLogReader.Read(input, "go126.txt");
        Assert.Equal(0, log.Unrecognized.Count);
        var append = Assert.Single(log.HeapDecisions);
        Assert.Equal(("append", "grow", AllocationKind.SliceGrowth, EscapeReason.Returned), (append.Expression, append.Function, append.Kind, append.Reason));
        Assert.Equal("~r0", append.Flow[0].Destination);
        var leak = Assert.Single(log.Decisions, d => d.Verdict == EscapeVerdict.LeakingParamToResult);
        Assert.Equal(("grow", "~r0", 0), (leak.Function, leak.Result, leak.Derefs));
        Assert.Single(log.Decisions, d => d.Verdict == EscapeVerdict.ZeroCopyConversion);
    }

    [Fact]
    public void Rejects_an_empty_file_naming_it()
    {
        var e = Assert.Throws<InputFormatException>(() => EscapeLogReader.Read(new MemoryStream(), "empty.txt"));
        Assert.Equal("empty.txt", e.File);
        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_heap_profile_saying_what_it_looks_like()
    {
        var e = Assert.Throws<InputFormatException>(() => EscapeLogReader.Read(Repo.Fixture("mem-rate1.pprof")));
        Assert.Contains("not a -gcflags=-m escape log", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_text_without_compiler_messages_at_its_first_line()
    {
        var e = Assert.Throws<InputFormatException>(() => EscapeLogReader.Read(TestLog.Text("hello", "world"), "notes.txt"));
        Assert.StartsWith("line 1: no compiler -m messages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_json0_line_that_is_not_json_with_its_line_number()
    {
        var input = TestLog.Text("{\"version\":0,\"package\":\"p\",\"goos\":\"linux\",\"goarch\":\"amd64\",\"gc_version\":\"go1.19.8\",\"file\":\"/x.go\"}", "{\"range\":");
        var e = Assert.Throws<InputFormatException>(() => EscapeLogReader.Read(input, "bad.json"));
        Assert.StartsWith("line 2: expected a JSON object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_unsupported_json0_version()
    {
        var input = TestLog.Text("{\"version\":1,\"package\":\"p\",\"file\":\"/x.go\"}");
        var e = Assert.Throws<InputFormatException>(() => EscapeLogReader.Read(input, "v1.json"));
        Assert.Contains("unsupported optimizer log version 1", e.Message, StringComparison.Ordinal);
    }

    private static string Describe(AllocScope.EscapeLog.CompilerLog log) =>
        string.Join("\n", log.Decisions.SelectMany(d => d.Messages().Append($"{d.Function} {d.Kind} {d.Reason}")))
        + string.Join("\n", log.InliningDecisions.Select(i => i.ToString()))
        + string.Join("\n", log.Notes.Select(n => n.ToString()));

    [Fact]
    public void Hand_written_edge_case_a_step_at_another_position_is_unrecognized_and_so_is_the_next_one_like_it()
    {
        // Steps belong to the open explanation only at its position. The reader skips parsing a position it has just
        // seen; a line at another position must not become the position it compares with.
        const string Log = """
            ./x.go:5:2: x escapes to heap:
            ./x.go:5:2:   flow: {heap} = &x:
            ./x.go:6:3:     from a (assign) at ./x.go:6:3
            ./x.go:6:3:     from b (assign) at ./x.go:6:3
            ./x.go:5:2:     from c (assign) at ./x.go:5:2
            ./x.go:5:2: moved to heap: x

            """;
        var log = EscapeLogReader.Read(TestLog.Text(Log.Split('\n')), "edge.txt");
        Assert.Equal(2, log.Unrecognized.Count);
        Assert.Equal([3L, 4L], log.Unrecognized.Examples.Select(l => l.Number));
        var decision = Assert.Single(log.Decisions);
        Assert.Equal(["{heap} = &x", "c"], decision.Flow.Select(s => s.Text));
    }
}

/// <summary>Small hand-written logs for edge cases real Go output here does not contain (clearly not Go's output).</summary>
internal static class TestLog
{
    public static Stream Text(params string[] lines) => new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
}
