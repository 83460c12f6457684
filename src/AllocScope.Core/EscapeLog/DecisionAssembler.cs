namespace AllocScope.EscapeLog;

/// <summary>
/// Decision assembly. Explanations are printed while the compiler analyses a batch of functions and the summaries are
/// flushed after it (sorted by position), so a summary takes the headers printed before it at its position about its
/// subject; a parameter's summaries take theirs at the end (those leaking to a result first). Headers no summary took
/// become decisions of their own (go/defer wrappers, or a summary cut from the log). Decisions come out in log order.
/// </summary>
internal sealed class DecisionAssembler
{
    private readonly List<DecisionAssembler> _appended = [];
    private List<ExplanationHeader> _headers = [];
    private List<DecisionSummary> _summaries = [];

    public bool IsEmpty => _headers.Count == 0 && _summaries.Count == 0 && _appended.TrueForAll(a => a.IsEmpty);

    public void AddHeader(ExplanationHeader header) => _headers.Add(header);

    public void AddSummary(DecisionSummary summary) => _summaries.Add(summary);

    /// <summary>
    /// Takes the messages of the part of the same package that follows in the log (read by another range reader): both
    /// lists stay in log order, and pairing waits for <see cref="Assemble"/>.
    /// </summary>
    public void Append(DecisionAssembler next)
    {
        next.Join();
        _appended.Add(next);
    }

    // The parts joined once, at their final size: a list grown part by part reallocated the standard library's go/types
    // headers a dozen times, each time as a large object (which brings a full collection nearer).
    private void Join()
    {
        if (_appended.Count == 0)
        {
            return;
        }

        var headers = new List<ExplanationHeader>(_headers.Count + _appended.Sum(a => a._headers.Count));
        var summaries = new List<DecisionSummary>(_summaries.Count + _appended.Sum(a => a._summaries.Count));
        headers.AddRange(_headers);
        summaries.AddRange(_summaries);
        foreach (var part in _appended)
        {
            headers.AddRange(part._headers);
            summaries.AddRange(part._summaries);
        }

        (_headers, _summaries) = (headers, summaries);
        _appended.Clear();
    }

    // Expression and variable summaries take the explanations printed for them before them (in log order).
    private void PairExpressionHeaders()
    {
        var open = new Dictionary<Key, List<ExplanationHeader>>();
        var h = 0;
        foreach (var summary in _summaries)
        {
            for (; h < _headers.Count && _headers[h].Sequence < summary.Sequence; h++)
            {
                var header = _headers[h];
                var key = new Key(header.File, header.Line, header.Column, NormalizeSubject(header.Subject), header.IsParameter);
                if (!open.TryGetValue(key, out var list))
                {
                    list = [];
                    open[key] = list;
                }

                list.Add(header);
            }

            if (summary.Verdict.IsAboutParameter() || summary.Verdict == EscapeVerdict.DoesNotEscape)
            {
                continue;
            }

            if (open.Remove(new Key(summary.File, summary.Line, summary.Column, NormalizeSubject(summary.Subject), false), out var headers))
            {
                summary.Headers.AddRange(headers);
                foreach (var claimed in headers)
                {
                    claimed.Claimed = true;
                }
            }
        }
    }

    /// <summary>The decisions of the package, in the order the log printed them.</summary>
    public List<EscapeDecision> Assemble(string package, PathResolver paths)
    {
        Join();
        PairExpressionHeaders();
        PairParameterHeaders();
        var decisions = new List<(long Sequence, EscapeDecision Decision)>(_summaries.Count + 8);
        foreach (var s in _summaries)
        {
            decisions.Add((s.Sequence, Build(s, package, paths)));
        }

        foreach (var h in _headers)
        {
            if (!h.Claimed)
            {
                decisions.Add((h.Sequence, BuildUnsummarised(h, package, paths)));
            }
        }

        decisions.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return decisions.ConvertAll(d => d.Decision);
    }

    // Go 1.26 prints the summary `append escapes to heap` for the header `append(s, x) escapes to heap in F:`.
    private static string NormalizeSubject(string subject) =>
        subject.StartsWith("append(", StringComparison.Ordinal) ? "append" : subject;

    // A summary `leaking param: p to result r` takes the explanations that leak to r, then `leaking param: p` /
    // `content: p` take the rest; the compiler prints them at the parameter's position.
    private void PairParameterHeaders()
    {
        var parameterHeaders = new Dictionary<Key, List<ExplanationHeader>>();
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

        if (parameterHeaders.Count == 0)
        {
            return;
        }

        foreach (var toResult in new[] { true, false })
        {
            foreach (var s in _summaries)
            {
                if (!s.Verdict.IsAboutParameter() || (s.Verdict == EscapeVerdict.LeakingParamToResult) != toResult
                    || !parameterHeaders.TryGetValue(new Key(s.File, s.Line, s.Column, s.Subject, true), out var list))
                {
                    continue;
                }

                foreach (var h in list)
                {
                    if (!h.Claimed && h.Sequence < s.Sequence && (!toResult || h.Location == s.Result))
                    {
                        h.Claimed = true;
                        s.Headers.Add(h);
                    }
                }
            }
        }
    }

    private static EscapeDecision Build(DecisionSummary s, string package, PathResolver paths) => new()
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
        Explanations = s.Headers.Count == 0 ? [] : s.Headers.ConvertAll(h => h.ToExplanation()),
        Summary = s.Text,
    };

    private static EscapeDecision BuildUnsummarised(ExplanationHeader h, string package, PathResolver paths)
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
            Explanations = [h.ToExplanation()],
        };
    }

    private readonly record struct Key(string File, int Line, int Column, string Subject, bool Parameter)
    {
        // Position and subject length tell keys apart well enough; hashing the path and subject text (randomized string
        // hashing) cost more than the pairing itself. Equality still compares every field.
        public override int GetHashCode() => HashCode.Combine(Line, Column, Subject.Length, File.Length, Parameter);
    }
}
