using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Collects one package's messages and finishes them into decisions. Each step is its own type: the message
/// parsers (<see cref="EscapeLogMessage"/>, <see cref="SummaryMessage"/>, <see cref="InliningMessage"/>,
/// <see cref="NoteMessage"/>), flow reconstruction (<see cref="FlowCollector"/>), decision assembly
/// (<see cref="DecisionAssembler"/>), then enclosing functions (<see cref="FunctionLocator"/>) and classification
/// (<see cref="EscapeClassifier"/>).
/// </summary>
internal sealed class PackageBuilder
{
    private readonly string _package;
    private readonly StringPool _names;
    private readonly PathResolver _paths;
    private readonly StringPool _text = new();
    private readonly FlowCollector _flow;
    private readonly bool _keepDetail;
    private readonly DecisionAssembler _decisions = new();
    private readonly List<PackageBuilder> _parts = [];
    private List<InliningDecision> _inlining = [];
    private List<CompilerNote> _notes = [];
    private string _lastFile = "";
    private long _sequence;
    private int _unkeptInlining;

    /// <param name="package">The import path from the `# pkg` header.</param>
    /// <param name="names">Names shared by the packages of one reader.</param>
    /// <param name="paths">Resolves printed files.</param>
    /// <param name="sequenceBase">Where this builder's message order starts: range readers of one file use disjoint bases
    /// so that the parts of a package they read can be joined in log order (<see cref="Absorb"/>).</param>
    /// <param name="keepDetail">Keep the messages as printed and each explanation's flow steps; false for a read that only
    /// counts and classifies (classification needs only the <see cref="ExplanationFacts"/> of the steps).</param>
    public PackageBuilder(string package, StringPool names, PathResolver paths, long sequenceBase = 0, bool keepDetail = true)
    {
        _package = package;
        _sequence = sequenceBase;
        _names = names;
        _paths = paths;
        _keepDetail = keepDetail;
        _flow = new FlowCollector(names, _text, keepDetail);
    }

    public bool IsEmpty => _decisions.IsEmpty && _inlining.Count == 0 && _notes.Count == 0 && _unkeptInlining == 0 && _parts.TrueForAll(p => p.IsEmpty);

    /// <summary>
    /// Takes the messages of <paramref name="next"/>, the part of this package that follows in the log (a range reader
    /// started it in the middle of the package, not knowing its name). A part starts at a non-indented message, so no
    /// explanation runs across the join.
    /// </summary>
    public void Absorb(PackageBuilder next)
    {
        _flow.Close();
        next._flow.Close();
        _decisions.Append(next._decisions);
        _parts.Add(next);
    }

    // The parts' inlining decisions and notes joined once, at their final size (see DecisionAssembler.Append).
    private void JoinParts()
    {
        if (_parts.Count == 0)
        {
            return;
        }

        var inlining = new List<InliningDecision>(_inlining.Count + _parts.Sum(p => p._inlining.Count));
        var notes = new List<CompilerNote>(_notes.Count + _parts.Sum(p => p._notes.Count));
        inlining.AddRange(_inlining);
        notes.AddRange(_notes);
        foreach (var part in _parts)
        {
            foreach (var decision in part._inlining)
            {
                decision.Package = _package;
                inlining.Add(decision);
            }

            foreach (var note in part._notes)
            {
                note.Package = _package;
                notes.Add(note);
            }

            _unkeptInlining += part._unkeptInlining;
        }

        (_inlining, _notes) = (inlining, notes);
        _parts.Clear();
    }

    /// <summary>True while an explanation header is open (indented lines at its position belong to it).</summary>
    public bool HasOpenExplanation => _flow.IsOpen;

    /// <summary>
    /// Takes an indented message (<paramref name="message"/> as after the position) printed at the open explanation's
    /// position; false when its shape is unknown (the caller then reads the line as any other).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAcceptStep(ReadOnlySpan<char> message)
    {
        if (!_flow.TryAcceptStep(message.TrimStart(' ')))
        {
            return false;
        }

        _sequence++;
        return true;
    }

    /// <summary>Takes one positioned message; false when its shape is unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Accept(ReadOnlySpan<char> fileSpan, int line, int column, ReadOnlySpan<char> message)
    {
        _sequence++;
        if (message.Length > 0 && message[0] == ' ')
        {
            return _flow.TryAccept(fileSpan, line, column, message.TrimStart(' '));
        }

        _flow.Close();
        var file = FileName(fileSpan);
        if (EscapeLogMessage.TryParseEscapeHeader(message, out var subject, out var function))
        {
            Open(new ExplanationHeader(file, line, column, _text.Get(subject), Detail(message), _sequence)
            {
                Function = function.IsEmpty ? null : _names.Get(function),
            });
            return true;
        }

        if (EscapeLogMessage.TryParseLeakHeader(message, out var parameter, out var location, out function, out var derefs))
        {
            Open(new ExplanationHeader(file, line, column, _text.Get(parameter), Detail(message), _sequence)
            {
                IsParameter = true,
                Location = _text.Get(location),
                Derefs = derefs,
                Function = function.IsEmpty ? null : _names.Get(function),
            });
            return true;
        }

        if (SummaryMessage.TryParse(message, out var verdict, out subject, out var result, out var level))
        {
            _decisions.AddSummary(new EscapeDecision
            {
                File = file,
                FullPath = _paths.Resolve(file),
                Line = line,
                Column = column,
                Expression = _text.Get(subject),
                Verdict = verdict,
                Result = result.IsEmpty ? null : _text.Get(result),
                Derefs = level,
                Summary = Detail(message),
                Sequence = _sequence,
            });
            return true;
        }

        if (InliningMessage.TryParse(message, out var inlining))
        {
            AddInlining(file, line, column, inlining, message);
            return true;
        }

        if (NoteMessage.TryParse(message, out var note))
        {
            AddNote(file, line, column, note, message);
            return true;
        }

        return false;
    }

    /// <summary>Adds an inlining decision that has no -m text form (-json=0 `cannotInlineCall`, unnamed functions).</summary>
    public void AddInlining(string file, int line, int column, InliningVerdict verdict, string function, string message, int? cost = null, string? reason = null) =>
        _inlining.Add(new InliningDecision
        {
            File = _names.Get(file),
            FullPath = _paths.Resolve(file),
            Line = line,
            Column = column,
            Package = _package,
            Verdict = verdict,
            Function = _names.Get(function),
            Cost = cost,
            Reason = reason,
            Message = message,
        });

    public EscapeLogPackage Finish()
    {
        _flow.Close();
        JoinParts();
        var decisions = _decisions.Assemble(_package, _paths);
        using var functions = new FunctionLocator(_inlining);
        foreach (var decision in decisions)
        {
            if (decision.Function.Length == 0)
            {
                decision.Function = functions.Find(decision.File, decision.FullPath, decision.Line, decision.Column, decision.Expression == "func literal");
            }
        }

        EscapeClassifier.ClassifyAll(decisions, _notes);
        return new EscapeLogPackage
        {
            Package = _package,
            Decisions = decisions,
            InliningDecisions = _inlining,
            Notes = _notes,
            UnkeptInlining = _unkeptInlining,
        };
    }

    private string Detail(ReadOnlySpan<char> message) => _keepDetail ? _text.Get(message) : "";

    private void Open(ExplanationHeader header)
    {
        _decisions.AddHeader(header);
        _flow.Open(header);
    }

    // Consecutive messages are mostly in one file: reuse its string without a pool lookup.
    private string FileName(ReadOnlySpan<char> fileSpan)
    {
        if (!fileSpan.SequenceEqual(_lastFile))
        {
            _lastFile = _names.Get(fileSpan);
        }

        return _lastFile;
    }

    private void AddInlining(string file, int line, int column, InliningParts parts, ReadOnlySpan<char> message)
    {
        // A read that only counts keeps the declarations (they locate enclosing functions) and counts the call sites.
        if (!_keepDetail && !InliningDecision.IsDeclaration(parts.Verdict))
        {
            _unkeptInlining++;
            return;
        }

        _inlining.Add(new InliningDecision
        {
            File = file,
            FullPath = _paths.Resolve(file),
            Line = line,
            Column = column,
            Package = _package,
            Verdict = parts.Verdict,
            Function = _names.Get(parts.Function),
            Target = parts.Target.IsEmpty ? null : _names.Get(parts.Target),
            Cost = parts.Cost,
            Reason = parts.Reason.IsEmpty ? null : _names.Get(parts.Reason),
            Message = Detail(message),
        });
    }

    private void AddNote(string file, int line, int column, NoteParts parts, ReadOnlySpan<char> message) =>
        _notes.Add(new CompilerNote
        {
            File = file,
            Line = line,
            Column = column,
            Package = _package,
            Kind = parts.Kind,
            Function = _names.Get(parts.Function),
            Variable = parts.Kind == CompilerNoteKind.ClosureCapture ? _text.Get(parts.Variable) : null,
            ByReference = parts.ByReference,
            Message = Detail(message),
        });
}
