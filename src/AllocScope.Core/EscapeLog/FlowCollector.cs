using System.Runtime.CompilerServices;
using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>
/// Flow reconstruction: gathers the indented lines the compiler prints under an explanation header (`flow: DST = SRC:`
/// edges, `from WHERE (WHY) at POS` notes, warnings) into the header's steps, and what classification needs of them
/// into its <see cref="ExplanationFacts"/>. Only lines at the header's own position belong to it; an edge takes the
/// position of its first note (as the -json=0 log gives it). Every line is checked the same way when the steps are not
/// kept (<paramref name="keepDetail"/> false: a read that only counts and classifies).
/// </summary>
internal sealed class FlowCollector(StringPool names, StringPool text, bool keepDetail = true)
{
    // The steps of an explanation are contiguous lines: gather them in one reused list, keep an exact-size array.
    private readonly List<FlowStep> _steps = [];
    private readonly ExplanationFactsBuilder _facts = new();
    private readonly AlikeExplanations? _alike = keepDetail ? null : new();
    private ExplanationHeader? _header;
    private bool _edgeHasNote;

    /// <summary>Starts collecting for <paramref name="header"/> (closing the previous explanation).</summary>
    public void Open(ExplanationHeader header)
    {
        Close();
        _header = header;
    }

    /// <summary>Ends the open explanation: its steps are final.</summary>
    public void Close()
    {
        if (_header is not null)
        {
            _header.Complete(_steps.Count == 0 ? [] : _steps.ToArray(), _facts.Build(text), _alike);
            _steps.Clear();
            _header = null;
            _edgeHasNote = false;
        }
    }

    /// <summary>Takes one explanation line (indentation removed); false when no header is open there or the shape is unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAccept(ReadOnlySpan<char> file, int line, int column, ReadOnlySpan<char> step)
    {
        var header = _header;
        return header is not null && header.Line == line && header.Column == column && file.SequenceEqual(header.File) && TryAcceptStep(step);
    }

    /// <summary>True while an explanation is open.</summary>
    public bool IsOpen => _header is not null;

    /// <summary>Takes one explanation line (indentation removed) known to be at the open header's position.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryAcceptStep(ReadOnlySpan<char> step)
    {
        var header = _header!;
        var line = header.Line;
        var column = header.Column;
        if (step.StartsWith("flow: ") && step[^1] == ':')
        {
            var edge = step["flow: ".Length..^1];
            _facts.AddEdge(edge);
            if (keepDetail)
            {
                _steps.Add(new FlowStep(text.Get(edge), null, header.File, line, column) { Kind = FlowStepKind.Edge });
                _edgeHasNote = false;
            }

            return true;
        }

        if (step.StartsWith("from "))
        {
            return TryAcceptNote(header, step["from ".Length..]);
        }

        if (step.StartsWith("warning: "))
        {
            if (keepDetail)
            {
                _steps.Add(new FlowStep(text.Get(step), null, header.File, line, column) { Kind = FlowStepKind.Warning });
            }

            return true;
        }

        return false;
    }

    private bool TryAcceptNote(ExplanationHeader header, ReadOnlySpan<char> note)
    {
        if (!EscapeLogMessage.TrySplitFrom(note, out var where, out var why, out var at)
            || !EscapeLogMessage.TryParsePosition(at, out var atFile, out var atLine, out var atColumn))
        {
            return false;
        }

        _facts.AddNote(why, atLine, atColumn);
        if (!keepDetail)
        {
            return true;
        }

        // Most notes are in the header's own file: compare before hashing the path.
        var stepFile = atFile.SequenceEqual(header.File) ? header.File : names.Get(atFile);
        var step = new FlowStep(text.Get(where), names.Get(why), stepFile, atLine, atColumn);
        if (!_edgeHasNote && _steps.Count > 0 && _steps[^1].Kind == FlowStepKind.Edge)
        {
            _steps[^1] = _steps[^1] with { File = step.File, Line = step.Line, Column = step.Column };
        }

        _edgeHasNote = true;
        _steps.Add(step);
        return true;
    }
}
