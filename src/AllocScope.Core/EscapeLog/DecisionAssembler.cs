using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    private List<EscapeDecision> _summaries = [];

    public bool IsEmpty => _headers.Count == 0 && _summaries.Count == 0 && _appended.TrueForAll(a => a.IsEmpty);

    public void AddHeader(ExplanationHeader header) => _headers.Add(header);

    public void AddSummary(EscapeDecision summary) => _summaries.Add(summary);

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
        var summaries = new List<EscapeDecision>(_summaries.Count + _appended.Sum(a => a._summaries.Count));
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

    // Expression and variable summaries take the explanations printed for them before them (in log order). The open headers
    // of a key are a chain of indices into the headers (one array for the package, not a list per key).
    private void PairExpressionHeaders()
    {
        var next = new int[_headers.Count];
        var open = new Dictionary<Key, Chain>(Math.Min(_headers.Count, 1024));
        var h = 0;
        foreach (var summary in _summaries)
        {
            for (; h < _headers.Count && _headers[h].Sequence < summary.Sequence; h++)
            {
                // (Only a parameter's summary takes a parameter's header: see PairParameterHeaders.)
                var header = _headers[h];
                if (!header.IsParameter)
                {
                    next[h] = -1;
                    ref var chain = ref CollectionsMarshal.GetValueRefOrAddDefault(open,
                        new Key(header.File, header.Line, header.Column, NormalizeSubject(header.Subject), false), out var exists);
                    chain = exists ? chain.Append(h, next) : new Chain(h);
                }
            }

            if (summary.Verdict.IsAboutParameter() || summary.Verdict == EscapeVerdict.DoesNotEscape)
            {
                continue;
            }

            if (open.Remove(new Key(summary.File, summary.Line, summary.Column, NormalizeSubject(summary.Expression), false), out var claimed))
            {
                var explanations = new EscapeExplanation[claimed.Count];
                for (int i = 0, at = claimed.Head; i < explanations.Length; i++, at = next[at])
                {
                    _headers[at].Claimed = true;
                    explanations[i] = _headers[at].Explanation;
                }

                summary.Pair(explanations);
            }
        }
    }

    /// <summary>The decisions of the package, in the order the log printed them.</summary>
    public List<EscapeDecision> Assemble(string package, PathResolver paths)
    {
        Join();
        PairExpressionHeaders();
        PairParameterHeaders();

        // Both lists are in log order: merged, not sorted.
        var decisions = new List<EscapeDecision>(_summaries.Count + _headers.Count(h => !h.Claimed));
        var at = 0;
        foreach (var s in _summaries)
        {
            for (; at < _headers.Count && _headers[at].Sequence < s.Sequence; at++)
            {
                AddUnsummarised(_headers[at]);
            }

            decisions.Add(Finish(s, package));
        }

        for (; at < _headers.Count; at++)
        {
            AddUnsummarised(_headers[at]);
        }

        return decisions;

        void AddUnsummarised(ExplanationHeader h)
        {
            if (!h.Claimed)
            {
                decisions.Add(BuildUnsummarised(h, package, paths));
            }
        }
    }

    // Go 1.26 prints the summary `append escapes to heap` for the header `append(s, x) escapes to heap in F:`.
    private static string NormalizeSubject(string subject) =>
        subject.StartsWith("append(", StringComparison.Ordinal) ? "append" : subject;

    // A summary `leaking param: p to result r` takes the explanations that leak to r, then `leaking param: p` /
    // `content: p` take the rest; the compiler prints them at the parameter's position.
    private void PairParameterHeaders()
    {
        // Keyed by the summaries, not the headers: a header no summary is about is never claimed, and the table is made at
        // its final size (a table grown header by header was a chain of large objects, each bringing a full collection nearer).
        var parameterHeaders = new Dictionary<Key, Chain>(_summaries.Count(s => s.Verdict.IsAboutParameter()));
        foreach (var s in _summaries)
        {
            if (s.Verdict.IsAboutParameter())
            {
                parameterHeaders.TryAdd(new Key(s.File, s.Line, s.Column, s.Expression, true), new Chain(-1, -1, 0));
            }
        }

        if (parameterHeaders.Count == 0)
        {
            return;
        }

        var next = new int[_headers.Count];
        for (var h = 0; h < _headers.Count; h++)
        {
            var header = _headers[h];
            if (header.IsParameter)
            {
                next[h] = -1;
                ref var chain = ref CollectionsMarshal.GetValueRefOrNullRef(parameterHeaders, new Key(header.File, header.Line, header.Column, header.Subject, true));
                if (!Unsafe.IsNullRef(ref chain))
                {
                    chain = chain.Count > 0 ? chain.Append(h, next) : new Chain(h);
                }
            }
        }

        var claimed = new List<EscapeExplanation>();
        foreach (var toResult in new[] { true, false })
        {
            foreach (var s in _summaries)
            {
                if (!s.Verdict.IsAboutParameter() || (s.Verdict == EscapeVerdict.LeakingParamToResult) != toResult
                    || !parameterHeaders.TryGetValue(new Key(s.File, s.Line, s.Column, s.Expression, true), out var chain))
                {
                    continue;
                }

                for (var at = chain.Head; at >= 0; at = next[at])
                {
                    var h = _headers[at];
                    if (!h.Claimed && h.Sequence < s.Sequence && (!toResult || h.Location == s.Result))
                    {
                        h.Claimed = true;
                        claimed.Add(h.Explanation);
                    }
                }

                if (claimed.Count > 0)
                {
                    s.Pair([.. claimed]);
                    claimed.Clear();
                }
            }
        }
    }

    // A summary is its decision: it takes the package's name (a part read from the middle of a package did not know it)
    // and the function a Go 1.25+ explanation names.
    private static EscapeDecision Finish(EscapeDecision summary, string package)
    {
        summary.Package = package;
        summary.Function = FirstFunction(summary.Explanations) ?? "";
        return summary;
    }

    private static string? FirstFunction(IReadOnlyList<EscapeExplanation> explanations)
    {
        for (var i = 0; i < explanations.Count; i++)
        {
            if (explanations[i].Function is { } function)
            {
                return function;
            }
        }

        return null;
    }

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
            Explanations = [h.Explanation],
        };
    }

    /// <summary>Headers of one key in log order: the first, the last, and how many (the links are in an index array).</summary>
    private readonly record struct Chain(int Head, int Tail, int Count)
    {
        public Chain(int head)
            : this(head, head, 1)
        {
        }

        public Chain Append(int header, int[] next)
        {
            next[Tail] = header;
            return new Chain(Head, header, Count + 1);
        }
    }

    private readonly record struct Key(string File, int Line, int Column, string Subject, bool Parameter)
    {
        // Position and subject length tell keys apart well enough; hashing the path and subject text (randomized string
        // hashing) cost more than the pairing itself. Equality still compares every field.
        public override int GetHashCode() => HashCode.Combine(Line, Column, Subject.Length, File.Length, Parameter);
    }
}
