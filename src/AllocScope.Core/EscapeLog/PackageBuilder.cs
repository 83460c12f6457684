using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Collects one package's messages and, at its end, pairs explanation blocks with summaries, assigns enclosing
/// functions and classifies. Explanations are printed while the compiler analyses a batch of functions and the
/// summaries are flushed after it (sorted by position), so pairing is by (position, subject) with the header
/// printed before its summary.
/// </summary>
internal sealed class PackageBuilder(string package, StringPool names, PathResolver paths)
{
    // Messages only -d=... debug flags print (Go 1.19 walk, ssagen, liveness, escape; newer escapedebug).
    private static readonly string[] s_debugPrefixes =
    [
        "using global for ", "using stack temporary for ", "rewriting OCONVIFACE value ", "rewriting closure variable ",
        "closure converted to global", "slice: omit slice operation", "heap closure, captured vars = ", "stack closure, captured vars = ",
        "write barrier", "stack object ", "generated nil check", "open-coded defer", "stack-allocated defer", "heap-allocated defer",
        "append: len-only update",
    ];

    private readonly StringPool _text = new();
    private readonly List<Header> _headers = [];
    private readonly Dictionary<Key, List<Header>> _openHeaders = [];
    private readonly List<Summary> _summaries = [];
    private readonly List<InliningDecision> _inlining = [];
    private readonly List<CompilerNote> _notes = [];
    private readonly List<FlowStep> _steps = [];
    private Header? _explaining;
    private string _lastFile = "";
    private long _sequence;

    public bool IsEmpty => _headers.Count == 0 && _summaries.Count == 0 && _inlining.Count == 0 && _notes.Count == 0;

    /// <summary>Takes one positioned message; false when its shape is unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Accept(ReadOnlySpan<char> fileSpan, int line, int column, ReadOnlySpan<char> message)
    {
        _sequence++;
        if (message.Length > 0 && message[0] == ' ')
        {
            return AcceptExplanationLine(fileSpan, line, column, message.TrimStart(' '));
        }

        CloseExplanation();
        var file = FileName(fileSpan);
        if (EscapeLogMessage.TryParseEscapeHeader(message, out var subject, out var function))
        {
            OpenHeader(new Header(file, line, column, _text.Get(subject), _text.Get(message), _sequence)
            {
                Function = function.IsEmpty ? null : names.Get(function),
            });
            return true;
        }

        if (EscapeLogMessage.TryParseLeakHeader(message, out var parameter, out var location, out function, out var derefs))
        {
            OpenHeader(new Header(file, line, column, _text.Get(parameter), _text.Get(message), _sequence)
            {
                IsParameter = true,
                Location = _text.Get(location),
                Derefs = derefs,
                Function = function.IsEmpty ? null : names.Get(function),
            });
            return true;
        }

        return AcceptSummary(file, line, column, message)
            || AcceptInlining(file, line, column, message)
            || AcceptNote(file, line, column, message);
    }

    // Consecutive messages are mostly in one file: reuse its string without a pool lookup.
    private string FileName(ReadOnlySpan<char> fileSpan)
    {
        if (!fileSpan.SequenceEqual(_lastFile))
        {
            _lastFile = names.Get(fileSpan);
        }

        return _lastFile;
    }

    /// <summary>Adds an inlining decision that has no -m text form (-json=0 `cannotInlineCall`, unnamed functions).</summary>
    public void AddInlining(string file, int line, int column, InliningVerdict verdict, string function, string message, int? cost = null, string? reason = null) =>
        _inlining.Add(new InliningDecision
        {
            File = names.Get(file),
            FullPath = paths.Resolve(file),
            Line = line,
            Column = column,
            Package = package,
            Verdict = verdict,
            Function = names.Get(function),
            Cost = cost,
            Reason = reason,
            Message = message,
        });

    public EscapeLogPackage Finish()
    {
        CloseExplanation();
        var decisions = PairHeadersWithSummaries();
        var functions = new FunctionLocator(_inlining);
        foreach (var decision in decisions)
        {
            if (decision.Function.Length == 0)
            {
                decision.Function = functions.Find(decision.File, decision.FullPath, decision.Line, decision.Column, decision.Expression == "func literal");
            }
        }

        EscapeClassifier.ClassifyAll(decisions, _notes);
        return new EscapeLogPackage { Package = package, Decisions = decisions, InliningDecisions = _inlining, Notes = _notes };
    }

    // The steps of an explanation are contiguous lines: gather them in one reused list, keep an exact-size array.
    private void CloseExplanation()
    {
        if (_explaining is not null)
        {
            _explaining.Steps = _steps.Count == 0 ? [] : _steps.ToArray();
            _steps.Clear();
            _explaining = null;
        }
    }

    private void OpenHeader(Header header)
    {
        CloseExplanation();
        _headers.Add(header);
        var key = new Key(header.File, header.Line, header.Column, NormalizeSubject(header.Subject), header.IsParameter);
        if (!_openHeaders.TryGetValue(key, out var list))
        {
            list = [];
            _openHeaders[key] = list;
        }

        list.Add(header);
        _explaining = header;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AcceptExplanationLine(ReadOnlySpan<char> fileSpan, int line, int column, ReadOnlySpan<char> text)
    {
        var header = _explaining;
        if (header is null || header.Line != line || header.Column != column || !fileSpan.SequenceEqual(header.File))
        {
            return false;
        }

        if (text.StartsWith("flow: ") && text[^1] == ':')
        {
            _steps.Add(new FlowStep(_text.Get(text["flow: ".Length..^1]), null, header.File, line, column) { Kind = FlowStepKind.Edge });
            header.EdgeHasNote = false;
            return true;
        }

        if (text.StartsWith("from "))
        {
            if (!EscapeLogMessage.TrySplitFrom(text["from ".Length..], out var where, out var why, out var at)
                || !EscapeLogMessage.TryParsePosition(at, out var atFile, out var atLine, out var atColumn))
            {
                return false;
            }

            // Most notes are in the header's own file: compare before hashing the path.
            var stepFile = atFile.SequenceEqual(header.File) ? header.File : names.Get(atFile);
            var step = new FlowStep(_text.Get(where), names.Get(why), stepFile, atLine, atColumn);
            // An edge's own position (the -json=0 log prints it) is that of its first note.
            if (!header.EdgeHasNote && _steps.Count > 0 && _steps[^1].Kind == FlowStepKind.Edge)
            {
                _steps[^1] = _steps[^1] with { File = step.File, Line = step.Line, Column = step.Column };
            }

            header.EdgeHasNote = true;
            _steps.Add(step);
            return true;
        }

        if (text.StartsWith("warning: "))
        {
            _steps.Add(new FlowStep(_text.Get(text), null, header.File, line, column) { Kind = FlowStepKind.Warning });
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AcceptSummary(string file, int line, int column, ReadOnlySpan<char> message)
    {
        EscapeVerdict verdict;
        ReadOnlySpan<char> subject;
        string? result = null;
        int? derefs = null;
        if (message.StartsWith("moved to heap: "))
        {
            verdict = EscapeVerdict.MovedToHeap;
            subject = message["moved to heap: ".Length..];
        }
        else if (message.EndsWith(EscapeLogMessage.EscapesToHeap))
        {
            verdict = EscapeVerdict.EscapesToHeap;
            subject = message[..^EscapeLogMessage.EscapesToHeap.Length];
        }
        else if (message.EndsWith(" escapes to heap, not allowed in runtime"))
        {
            // The runtime's own error for a variable that would move to the heap.
            verdict = EscapeVerdict.MovedToHeap;
            subject = message[..^" escapes to heap, not allowed in runtime".Length];
        }
        else if (message.EndsWith(EscapeLogMessage.DoesNotEscape))
        {
            verdict = EscapeVerdict.DoesNotEscape;
            subject = message[..^EscapeLogMessage.DoesNotEscape.Length];
        }
        else if (message.EndsWith(" does not escape, mutate, or call"))
        {
            verdict = EscapeVerdict.ParamMutation;
            subject = message[..^" does not escape, mutate, or call".Length];
        }
        else if (message.StartsWith("leaking param content: "))
        {
            verdict = EscapeVerdict.LeakingParamContent;
            subject = message["leaking param content: ".Length..];
            derefs = 1;
        }
        else if (message.StartsWith("leaking param: "))
        {
            subject = message["leaking param: ".Length..];
            var toResult = subject.IndexOf(" to result ");
            if (toResult > 0)
            {
                var tail = subject[(toResult + " to result ".Length)..];
                var level = tail.LastIndexOf(" level=");
                if (level <= 0 || !TryParseSigned(tail[(level + " level=".Length)..], out var levelValue))
                {
                    return false;
                }

                verdict = EscapeVerdict.LeakingParamToResult;
                result = _text.Get(tail[..level]);
                derefs = levelValue;
                subject = subject[..toResult];
            }
            else
            {
                verdict = EscapeVerdict.LeakingParam;
                derefs = 0;
            }
        }
        else if (message.StartsWith("assuming ") && message.EndsWith(" is unsafe uintptr"))
        {
            verdict = EscapeVerdict.UnsafeUintptr;
            subject = message["assuming ".Length..^" is unsafe uintptr".Length];
        }
        else if (message.StartsWith("marking ") && (message.EndsWith(" as escaping uintptr") || message.EndsWith(" as escaping ...uintptr")))
        {
            verdict = EscapeVerdict.UnsafeUintptr;
            subject = message["marking ".Length..message.LastIndexOf(" as escaping ")];
        }
        else if (message.StartsWith("mutates param: ") || message.StartsWith("calls param: "))
        {
            verdict = EscapeVerdict.ParamMutation;
            subject = message[(message.IndexOf(": ") + 2)..];
            var space = subject.IndexOf(" derefs=");
            if (space > 0)
            {
                subject = subject[..space];
            }
        }
        else if (message.SequenceEqual("zero-copy string->[]byte conversion"))
        {
            verdict = EscapeVerdict.ZeroCopyConversion;
            subject = "([]byte)(string)";
        }
        else
        {
            return false;
        }

        if (subject.IsEmpty)
        {
            return false;
        }

        var summary = new Summary(file, line, column, _text.Get(subject), verdict, _text.Get(message), _sequence) { Result = result, Derefs = derefs };
        _summaries.Add(summary);
        if (!verdict.IsAboutParameter() && verdict != EscapeVerdict.DoesNotEscape)
        {
            // Expression and variable summaries take the explanations printed for them so far.
            var key = new Key(file, line, column, NormalizeSubject(summary.Subject), false);
            if (_openHeaders.Remove(key, out var headers))
            {
                summary.Headers.AddRange(headers);
                foreach (var h in headers)
                {
                    h.Claimed = true;
                }
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AcceptInlining(string file, int line, int column, ReadOnlySpan<char> message)
    {
        InliningVerdict verdict;
        ReadOnlySpan<char> function;
        ReadOnlySpan<char> target = default;
        ReadOnlySpan<char> reason = default;
        int? cost = null;
        if (message.StartsWith("can inline "))
        {
            verdict = InliningVerdict.CanInline;
            function = message["can inline ".Length..];
            var with = function.IndexOf(" with cost ");
            if (with > 0)
            {
                var tail = function[(with + " with cost ".Length)..];
                var end = tail.IndexOf(' ');
                if (EscapeLogMessage.TryParseNumber(end < 0 ? tail : tail[..end], out var c))
                {
                    cost = c;
                }

                function = function[..with];
            }
        }
        else if (message.StartsWith("cannot inline "))
        {
            var body = message["cannot inline ".Length..];
            var colon = body.IndexOf(": ");
            if (colon <= 0)
            {
                return false;
            }

            function = body[..colon];
            reason = body[(colon + 2)..];
            var into = function.IndexOf(" into ");
            verdict = InliningVerdict.CannotInline;
            if (into > 0)
            {
                verdict = InliningVerdict.CannotInlineCall;
                target = function[(into + " into ".Length)..];
                function = function[..into];
            }
        }
        else if (message.StartsWith("inlining call to "))
        {
            verdict = InliningVerdict.InliningCall;
            function = message["inlining call to ".Length..];
            var score = function.LastIndexOf(" with score ");
            if (score > 0 && TryParseSigned(function[(score + " with score ".Length)..], out var s))
            {
                cost = s;
                function = function[..score];
            }
        }
        else if (TrySplitDevirtualization(message, out verdict, out function, out target))
        {
        }
        else
        {
            return false;
        }

        if (function.IsEmpty)
        {
            return false;
        }

        _inlining.Add(new InliningDecision
        {
            File = file,
            FullPath = paths.Resolve(file),
            Line = line,
            Column = column,
            Package = package,
            Verdict = verdict,
            Function = names.Get(function),
            Target = target.IsEmpty ? null : names.Get(target),
            Cost = cost,
            Reason = reason.IsEmpty ? null : names.Get(reason),
            Message = _text.Get(message),
        });
        return true;
    }

    private static bool TrySplitDevirtualization(ReadOnlySpan<char> message, out InliningVerdict verdict, out ReadOnlySpan<char> call, out ReadOnlySpan<char> target)
    {
        verdict = InliningVerdict.Devirtualizing;
        call = default;
        target = default;
        ReadOnlySpan<char> body;
        if (message.StartsWith("devirtualizing "))
        {
            body = message["devirtualizing ".Length..];
        }
        else if (message.StartsWith("partially devirtualizing "))
        {
            verdict = InliningVerdict.PartiallyDevirtualizing;
            body = message["partially devirtualizing ".Length..];
        }
        else if (message.StartsWith("PGO devirtualizing interface call ") || message.StartsWith("PGO devirtualizing function call "))
        {
            verdict = InliningVerdict.PgoDevirtualizing;
            body = message["PGO devirtualizing interface call ".Length..];
        }
        else
        {
            return false;
        }

        var to = body.LastIndexOf(" to ");
        if (to <= 0)
        {
            return false;
        }

        call = body[..to];
        target = body[(to + 4)..];
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool AcceptNote(string file, int line, int column, ReadOnlySpan<char> message)
    {
        var byRef = message.IndexOf(" capturing by ref: ");
        var byValue = message.IndexOf(" capturing by value: ");
        if (byRef > 0 || byValue > 0)
        {
            var at = byRef > 0 ? byRef : byValue;
            var rest = message[(at + (byRef > 0 ? " capturing by ref: ".Length : " capturing by value: ".Length))..];
            var space = rest.IndexOf(" (");
            _notes.Add(new CompilerNote
            {
                File = file,
                Line = line,
                Column = column,
                Package = package,
                Kind = CompilerNoteKind.ClosureCapture,
                Function = names.Get(message[..at]),
                Variable = _text.Get(space > 0 ? rest[..space] : rest),
                ByReference = byRef > 0,
                Message = _text.Get(message),
            });
            return true;
        }

        var selfAssignment = message.IndexOf(" ignoring self-assignment in ");
        if (selfAssignment > 0)
        {
            AddNote(file, line, column, CompilerNoteKind.IgnoringSelfAssignment, message, message[..selfAssignment]);
            return true;
        }

        if (message.SequenceEqual("index bounds check elided") || message.StartsWith("failed to devirtualize "))
        {
            AddNote(file, line, column, CompilerNoteKind.Optimization, message, default);
            return true;
        }

        foreach (var prefix in s_debugPrefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                AddNote(file, line, column, CompilerNoteKind.Debug, message, default);
                return true;
            }
        }

        return false;
    }

    private void AddNote(string file, int line, int column, CompilerNoteKind kind, ReadOnlySpan<char> message, ReadOnlySpan<char> function) =>
        _notes.Add(new CompilerNote
        {
            File = file,
            Line = line,
            Column = column,
            Package = package,
            Kind = kind,
            Function = names.Get(function),
            Message = _text.Get(message),
        });

    private static bool TryParseSigned(ReadOnlySpan<char> text, out int value)
    {
        var negative = text.StartsWith("-");
        var ok = EscapeLogMessage.TryParseNumber(negative ? text[1..] : text, out value);
        value = negative ? -value : value;
        return ok;
    }

    // Go 1.26 prints the summary `append escapes to heap` for the header `append(s, x) escapes to heap in F:`.
    private static string NormalizeSubject(string subject) =>
        subject.StartsWith("append(", StringComparison.Ordinal) ? "append" : subject;

    private List<EscapeDecision> PairHeadersWithSummaries()
    {
        // Parameters: a summary `leaking param: p to result r` takes the explanations that leak to r, then
        // `leaking param: p` / `content: p` take the rest; the compiler prints them at the parameter's position.
        var parameterHeaders = new Dictionary<Key, List<Header>>();
        foreach (var h in _headers)
        {
            if (h.IsParameter)
            {
                var key = new Key(h.File, h.Line, h.Column, h.Subject, true);
                if (!parameterHeaders.TryGetValue(key, out var list))
                {
                    list = [];
                    parameterHeaders[key] = list;
                }

                list.Add(h);
            }
        }

        if (parameterHeaders.Count > 0)
        {
            foreach (var pass in new[] { true, false })
            {
                foreach (var s in _summaries)
                {
                    if (!s.Verdict.IsAboutParameter() || (s.Verdict == EscapeVerdict.LeakingParamToResult) != pass)
                    {
                        continue;
                    }

                    if (!parameterHeaders.TryGetValue(new Key(s.File, s.Line, s.Column, s.Subject, true), out var list))
                    {
                        continue;
                    }

                    foreach (var h in list)
                    {
                        if (!h.Claimed && h.Sequence < s.Sequence && (!pass || h.Location == s.Result))
                        {
                            h.Claimed = true;
                            s.Headers.Add(h);
                        }
                    }
                }
            }
        }

        var decisions = new List<(long Sequence, EscapeDecision Decision)>(_summaries.Count + 8);
        foreach (var s in _summaries)
        {
            decisions.Add((s.Sequence, Build(s)));
        }

        foreach (var h in _headers)
        {
            if (!h.Claimed)
            {
                decisions.Add((h.Sequence, BuildUnsummarised(h)));
            }
        }

        decisions.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return decisions.ConvertAll(d => d.Decision);
    }

    private EscapeDecision Build(Summary s)
    {
        var explanations = s.Headers.Count == 0 ? [] : s.Headers.ConvertAll(ToExplanation);
        return new EscapeDecision
        {
            File = s.File,
            FullPath = paths.Resolve(s.File),
            Line = s.Line,
            Column = s.Column,
            Package = package,
            Function = s.Headers.Find(h => h.Function is not null)?.Function ?? "",
            Expression = s.Subject,
            Verdict = s.Verdict,
            Result = s.Result,
            Derefs = s.Derefs,
            Explanations = explanations,
            Summary = s.Text,
        };
    }

    // An explanation the compiler printed no summary for (go/defer wrappers, or a summary cut from the log).
    private EscapeDecision BuildUnsummarised(Header h)
    {
        var verdict = EscapeVerdict.EscapesToHeap;
        string? result = null;
        if (h.IsParameter)
        {
            verdict = h.Location == "{heap}" ? (h.Derefs == 0 ? EscapeVerdict.LeakingParam : EscapeVerdict.LeakingParamContent) : EscapeVerdict.LeakingParamToResult;
            result = verdict == EscapeVerdict.LeakingParamToResult ? h.Location : null;
        }

        return new EscapeDecision
        {
            File = h.File,
            FullPath = paths.Resolve(h.File),
            Line = h.Line,
            Column = h.Column,
            Package = package,
            Function = h.Function ?? "",
            Expression = h.Subject,
            Verdict = verdict,
            Result = result,
            Derefs = h.IsParameter ? h.Derefs : null,
            Explanations = [ToExplanation(h)],
        };
    }

    private static EscapeExplanation ToExplanation(Header h) =>
        new(h.Text, h.Steps, h.Location) { Function = h.Function, Derefs = h.IsParameter ? h.Derefs : null };

    private readonly record struct Key(string File, int Line, int Column, string Subject, bool Parameter);

    // What headers and summaries share: where the compiler printed them, about what, and in which order.
    private abstract class Message(string file, int line, int column, string subject, string message, long sequence)
    {
        public string File { get; } = file;

        public int Line { get; } = line;

        public int Column { get; } = column;

        public string Subject { get; } = subject;

        public string Text { get; } = message;

        public long Sequence { get; } = sequence;
    }

    private sealed class Header(string file, int line, int column, string subject, string message, long sequence)
        : Message(file, line, column, subject, message, sequence)
    {
        public bool IsParameter { get; init; }

        public string? Location { get; init; }

        public int Derefs { get; init; }

        public string? Function { get; init; }

        public FlowStep[] Steps { get; set; } = [];

        public bool EdgeHasNote { get; set; }

        public bool Claimed { get; set; }
    }

    private sealed class Summary(string file, int line, int column, string subject, EscapeVerdict verdict, string message, long sequence)
        : Message(file, line, column, subject, message, sequence)
    {
        public EscapeVerdict Verdict { get; } = verdict;

        public string? Result { get; init; }

        public int? Derefs { get; init; }

        public List<Header> Headers { get; } = [];
    }
}
