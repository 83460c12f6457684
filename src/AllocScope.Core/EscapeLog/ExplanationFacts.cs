using AllocScope.Inputs;

namespace AllocScope.EscapeLog;

/// <summary>The flow tags classification looks for (FORMAT.md, "Classification").</summary>
[Flags]
internal enum FlowTags
{
    None = 0,
    TooLarge = 1,
    NonConstantSize = 2,
    CapturedByClosure = 4,
    InterfaceConverted = 8,
}

/// <summary>
/// What <see cref="EscapeClassifier"/> reads of one explanation: the tags of its notes, where its last edge ends (the root
/// the value reaches), whether a note after that edge returns it or passes it to a call, and where variables are
/// captured. Gathered while the lines are read, so a read that only counts need not keep the steps themselves.
/// </summary>
/// <remarks>A struct kept inside the explanation: one object fewer per explanation (a -m=2 log has hundreds of thousands).</remarks>
internal readonly struct ExplanationFacts(FlowTags tags, string? root, bool returnedAfterRoot, bool callParameterAfterRoot,
    IReadOnlyList<(int Line, int Column)> captures)
{
    public static readonly ExplanationFacts None = new(FlowTags.None, null, false, false, []);

    public FlowTags Tags { get; } = tags;

    /// <summary>The destination of the last `flow:` edge (`{heap}`, `~r0`, `{storage for X}`, a variable); null without edges.</summary>
    public string? Root { get; } = root;

    /// <summary>A note after the last edge is tagged `return`.</summary>
    public bool ReturnedAfterRoot { get; } = returnedAfterRoot;

    /// <summary>A note after the last edge is tagged `call parameter`.</summary>
    public bool CallParameterAfterRoot { get; } = callParameterAfterRoot;

    /// <summary>Positions of the notes tagged `captured by a closure`.</summary>
    public IReadOnlyList<(int Line, int Column)> Captures { get; } = captures;
}

/// <summary>Gathers <see cref="ExplanationFacts"/> step by step; reused from one explanation to the next.</summary>
internal sealed class ExplanationFactsBuilder
{
    private char[] _lastEdge = new char[128];
    private int _lastEdgeLength = -1;
    private FlowTags _tags;
    private bool _returned;
    private bool _callParameter;
    private List<(int, int)>? _captures;

    /// <summary>A `flow: DST = SRC` edge (the text after `flow: `).</summary>
    public void AddEdge(ReadOnlySpan<char> edge)
    {
        if (_lastEdge.Length < edge.Length)
        {
            _lastEdge = new char[Math.Max(edge.Length, _lastEdge.Length * 2)];
        }

        edge.CopyTo(_lastEdge);
        _lastEdgeLength = edge.Length;
        _returned = _callParameter = false;
    }

    /// <summary>A `from WHERE (TAG) at POS` note.</summary>
    public void AddNote(ReadOnlySpan<char> tag, int line, int column)
    {
        switch (tag)
        {
            case "too large for stack" or "too aligned for stack":
                _tags |= FlowTags.TooLarge;
                break;
            case "non-constant size":
                _tags |= FlowTags.NonConstantSize;
                break;
            case "captured by a closure":
                _tags |= FlowTags.CapturedByClosure;
                (_captures ??= []).Add((line, column));
                break;
            case "interface-converted":
                _tags |= FlowTags.InterfaceConverted;
                break;
            case "return":
                _returned = true;
                break;
            case "call parameter":
                _callParameter = true;
                break;
        }
    }

    /// <summary>The facts so far (the root's name from <paramref name="names"/>); the builder starts afresh.</summary>
    public ExplanationFacts Build(StringPool names)
    {
        var facts = _lastEdgeLength < 0 && _tags == FlowTags.None
            ? ExplanationFacts.None
            : new ExplanationFacts(_tags, _lastEdgeLength < 0 ? null : names.Get(FlowStep.DestinationOf(_lastEdge.AsSpan(0, _lastEdgeLength))),
                _returned, _callParameter, _captures is null or { Count: 0 } ? [] : [.. _captures]);
        _lastEdgeLength = -1;
        _tags = FlowTags.None;
        _returned = _callParameter = false;
        _captures?.Clear();
        return facts;
    }
}
