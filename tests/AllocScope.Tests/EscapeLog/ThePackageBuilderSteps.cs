using AllocScope.EscapeLog;
using AllocScope.Inputs;

namespace AllocScope.Tests.EscapeLog;

/// <summary>The steps the package builder runs, each on its own: message parsing, flow reconstruction, decision assembly.</summary>
public sealed class TheMessageParsers
{
    [Theory]
    [InlineData("make([]byte, n) escapes to heap", EscapeVerdict.EscapesToHeap, "make([]byte, n)", null, null)]
    [InlineData("moved to heap: buf", EscapeVerdict.MovedToHeap, "buf", null, null)]
    [InlineData("x does not escape", EscapeVerdict.DoesNotEscape, "x", null, null)]
    [InlineData("leaking param: p", EscapeVerdict.LeakingParam, "p", null, 0)]
    [InlineData("leaking param content: p", EscapeVerdict.LeakingParamContent, "p", null, 1)]
    [InlineData("leaking param: s to result ~r0 level=0", EscapeVerdict.LeakingParamToResult, "s", "~r0", 0)]
    [InlineData("leaking param: s to result ~r1 level=-1", EscapeVerdict.LeakingParamToResult, "s", "~r1", -1)]
    [InlineData("assuming p is unsafe uintptr", EscapeVerdict.UnsafeUintptr, "p", null, null)]
    [InlineData("marking p as escaping ...uintptr", EscapeVerdict.UnsafeUintptr, "p", null, null)]
    [InlineData("mutates param: p derefs=0", EscapeVerdict.ParamMutation, "p", null, null)]
    [InlineData("zero-copy string->[]byte conversion", EscapeVerdict.ZeroCopyConversion, "([]byte)(string)", null, null)]
    [InlineData("x escapes to heap, not allowed in runtime", EscapeVerdict.MovedToHeap, "x", null, null)]
    public void A_summary_gives_its_verdict_subject_result_and_level(string message, EscapeVerdict verdict, string subject, string? result, int? derefs)
    {
        Assert.True(SummaryMessage.TryParse(message, out var v, out var s, out var r, out var d));
        Assert.Equal((verdict, subject, result, derefs), (v, s.ToString(), r.IsEmpty ? null : r.ToString(), d));
    }

    [Theory]
    [InlineData("leaking param: s to result ~r0 level=x")]
    [InlineData(" escapes to heap")]
    [InlineData("can inline F")]
    public void What_is_no_summary_is_refused(string message) =>
        Assert.False(SummaryMessage.TryParse(message, out _, out _, out _, out _));

    [Theory]
    [InlineData("can inline (*Index).Add with cost 61 as: method(*Index) func(string) { }", InliningVerdict.CanInline, "(*Index).Add", "", "", 61)]
    [InlineData("cannot inline Digest: function too complex: cost 169 exceeds budget 80", InliningVerdict.CannotInline, "Digest", "", "function too complex: cost 169 exceeds budget 80", null)]
    [InlineData("cannot inline f into g: repeated recursive cycle", InliningVerdict.CannotInlineCall, "f", "g", "repeated recursive cycle", null)]
    [InlineData("inlining call to strings.Split", InliningVerdict.InliningCall, "strings.Split", "", "", null)]
    [InlineData("inlining call to F with score 42", InliningVerdict.InliningCall, "F", "", "", 42)]
    [InlineData("devirtualizing w.Write to *bytes.Buffer", InliningVerdict.Devirtualizing, "w.Write", "*bytes.Buffer", "", null)]
    [InlineData("PGO devirtualizing interface call r.Read to (*os.File).Read", InliningVerdict.PgoDevirtualizing, "r.Read", "(*os.File).Read", "", null)]
    public void An_inlining_message_gives_its_parts(string message, InliningVerdict verdict, string function, string target, string reason, int? cost)
    {
        Assert.True(InliningMessage.TryParse(message, out var parts));
        Assert.Equal((verdict, function, target, reason, cost), (parts.Verdict, parts.Function.ToString(), parts.Target.ToString(), parts.Reason.ToString(), parts.Cost));
    }

    [Theory]
    [InlineData("KeyHasher.func1 capturing by ref: seed (addr=false assign=false width=8)", CompilerNoteKind.ClosureCapture, "KeyHasher.func1", "seed", true)]
    [InlineData("F.func1 capturing by value: n (addr=false assign=false width=8)", CompilerNoteKind.ClosureCapture, "F.func1", "n", false)]
    [InlineData("(*T).M ignoring self-assignment in t.b = t.b[:0]", CompilerNoteKind.IgnoringSelfAssignment, "(*T).M", "", null)]
    [InlineData("index bounds check elided", CompilerNoteKind.Optimization, "", "", null)]
    [InlineData("heap-allocated defer", CompilerNoteKind.Debug, "", "", null)]
    public void A_note_gives_its_kind_function_and_capture(string message, CompilerNoteKind kind, string function, string variable, bool? byReference)
    {
        Assert.True(NoteMessage.TryParse(message, out var parts));
        Assert.Equal((kind, function, variable, byReference), (parts.Kind, parts.Function.ToString(), parts.Variable.ToString(), parts.ByReference));
    }
}

public sealed class TheFlowCollector
{
    private static (FlowCollector Flow, ExplanationHeader Header) Open(string file = "./x.go", int line = 10, int column = 7)
    {
        var flow = new FlowCollector(new StringPool(), new StringPool());
        var header = new ExplanationHeader(file, line, column, "make([]int, n)", "make([]int, n) escapes to heap:", 1);
        flow.Open(header);
        return (flow, header);
    }

    [Fact]
    public void Edges_take_the_position_of_their_first_note_and_notes_keep_their_own()
    {
        var (flow, header) = Open();
        Assert.True(flow.TryAccept("./x.go", 10, 7, "flow: {heap} = &{storage for make([]int, n)}:"));
        Assert.True(flow.TryAccept("./x.go", 10, 7, "from make([]int, n) (spill) at ./x.go:10:7"));
        Assert.True(flow.TryAccept("./x.go", 10, 7, "from s = make([]int, n) (assign) at ./y.go:12:4"));
        Assert.True(flow.TryAccept("./x.go", 10, 7, "flow: ~r0 = s:"));
        Assert.True(flow.TryAccept("./x.go", 10, 7, "from return s (return) at ./x.go:14:2"));
        flow.Close();
        Assert.Equal(
        [
            (FlowStepKind.Edge, "{heap} = &{storage for make([]int, n)}", (string?)null, "./x.go", 10, 7),
            (FlowStepKind.From, "make([]int, n)", "spill", "./x.go", 10, 7),
            (FlowStepKind.From, "s = make([]int, n)", "assign", "./y.go", 12, 4),
            (FlowStepKind.Edge, "~r0 = s", null, "./x.go", 14, 2),
            (FlowStepKind.From, "return s", "return", "./x.go", 14, 2),
        ], header.Explanation.Steps.Select(s => (s.Kind, s.Text, s.Tag, s.File, s.Line, s.Column)));
    }

    [Fact]
    public void Lines_at_another_position_or_of_an_unknown_shape_are_not_the_header_s()
    {
        var (flow, header) = Open();
        Assert.False(flow.TryAccept("./x.go", 11, 7, "flow: {heap} = x:"));
        Assert.False(flow.TryAccept("./other.go", 10, 7, "flow: {heap} = x:"));
        Assert.False(flow.TryAccept("./x.go", 10, 7, "from nowhere"));
        Assert.True(flow.TryAccept("./x.go", 10, 7, "warning: truncated explanation due to assignment cycle; see golang.org/issue/35518"));
        flow.Close();
        Assert.Equal(FlowStepKind.Warning, Assert.Single(header.Explanation.Steps).Kind);
        Assert.False(flow.TryAccept("./x.go", 10, 7, "flow: {heap} = x:"));
    }
}

public sealed class TheDecisionAssembler
{
    private static readonly PathResolver s_paths = new(null);

    private static ExplanationHeader Header(string subject, long sequence, int line = 5, bool parameter = false, string? location = null) =>
        new("./x.go", line, 2, subject, parameter ? $"parameter {subject} leaks to {location} with derefs=0:" : $"{subject} escapes to heap:", sequence)
        {
            IsParameter = parameter,
            Location = location,
        };

    private static EscapeDecision Summary(string subject, EscapeVerdict verdict, long sequence, int line = 5, string? result = null) =>
        new() { File = "./x.go", Line = line, Column = 2, Expression = subject, Verdict = verdict, Summary = $"{subject} summary", Sequence = sequence, Result = result };

    [Fact]
    public void A_summary_takes_the_headers_printed_before_it_about_its_subject_at_its_position()
    {
        var assembler = new DecisionAssembler();
        assembler.AddHeader(Header("&T{}", 1));
        assembler.AddHeader(Header("&T{}", 2, line: 6));
        assembler.AddSummary(Summary("&T{}", EscapeVerdict.EscapesToHeap, 3));
        var decisions = assembler.Assemble("p", s_paths);
        Assert.Equal(2, decisions.Count);

        // The header at line 6 found no summary: it stands as a decision of its own, in log order (before the summary).
        Assert.Equal((6, "", EscapeVerdict.EscapesToHeap), (decisions[0].Line, decisions[0].Summary, decisions[0].Verdict));
        Assert.Equal(("&T{}", 5, 1), (decisions[1].Expression, decisions[1].Line, decisions[1].Explanations.Count));
    }

    [Fact]
    public void Append_headers_pair_with_the_newer_short_summary()
    {
        var assembler = new DecisionAssembler();
        assembler.AddHeader(Header("append(s, x)", 1));
        assembler.AddSummary(Summary("append", EscapeVerdict.EscapesToHeap, 2));
        Assert.Single(Assert.Single(assembler.Assemble("p", s_paths)).Explanations);
    }

    [Fact]
    public void A_parameter_leaking_to_a_result_takes_the_headers_of_that_result_and_the_plain_leak_the_rest()
    {
        var assembler = new DecisionAssembler();
        assembler.AddHeader(Header("p", 1, parameter: true, location: "{heap}"));
        assembler.AddHeader(Header("p", 2, parameter: true, location: "~r0"));
        assembler.AddSummary(Summary("p", EscapeVerdict.LeakingParam, 3));
        assembler.AddSummary(Summary("p", EscapeVerdict.LeakingParamToResult, 4, result: "~r0"));
        var decisions = assembler.Assemble("p", s_paths);
        Assert.Equal(2, decisions.Count);
        Assert.Equal("{heap}", Assert.Single(decisions[0].Explanations).Location);
        Assert.Equal("~r0", Assert.Single(decisions[1].Explanations).Location);
    }

    [Fact]
    public void Stack_decisions_take_no_explanation()
    {
        var assembler = new DecisionAssembler();
        assembler.AddHeader(Header("x", 1));
        assembler.AddSummary(Summary("x", EscapeVerdict.DoesNotEscape, 2));
        var decisions = assembler.Assemble("p", s_paths);
        Assert.Empty(decisions.Single(d => d.Verdict == EscapeVerdict.DoesNotEscape).Explanations);
    }
}
