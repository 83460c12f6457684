namespace AllocScope.Sites;

/// <summary>A line of a Go source file, by its full path.</summary>
public readonly record struct CodePoint(string File, long Line);

/// <summary>What an expression on a line is, as far as allocation goes.</summary>
public enum ExprKind
{
    Call,
    MakeSlice,
    MakeMap,
    MakeChan,
    New,
    CompositeAddr,
    Composite,
    Append,
    Conversion,
    FuncLit,
    Concat,

    /// <summary>A write into a map (`m[k] = v`): inserts grow its buckets.</summary>
    MapAssign,

    /// <summary>A method value (`x.M` not called): a closure that binds its receiver.</summary>
    MethodValue,

    /// <summary>A variable declared on the line (what "moved to heap: x" allocates).</summary>
    Var,
}

/// <summary>An expression on a line that can allocate, with its type and where its value goes.</summary>
public sealed record ExprFact
{
    public required ExprKind Kind { get; init; }

    public int Column { get; init; }

    public string Text { get; init; } = "";

    /// <summary>The expression's type (what is allocated), as Go prints it relative to its package; empty when unknown.</summary>
    public string Type { get; init; } = "";

    /// <summary>A conversion's source type.</summary>
    public string From { get; init; } = "";

    /// <summary>A conversion (explicit or implicit) of a concrete value to an interface.</summary>
    public bool ToInterface { get; init; }

    /// <summary>The converted value is pointer-shaped (a pointer, map, chan, func): an interface holds it without allocating.</summary>
    public bool PointerShaped { get; init; }

    /// <summary>`make` with a capacity (slices) or size hint (maps).</summary>
    public bool SizeHint { get; init; }

    /// <summary>Every size argument of `make` is a constant.</summary>
    public bool ConstSize { get; init; }

    /// <summary>`make([]T, len(x), 2*cap(x)+n)`: the buffer x that this make grows (a reused buffer); empty otherwise.</summary>
    public string GrowsBuffer { get; init; } = "";

    /// <summary>Inside a loop, the converted value is the same on every iteration (it reads nothing the loop assigns).</summary>
    public bool LoopInvariant { get; init; }

    /// <summary>What an append appends to, or what an assignment assigns to.</summary>
    public string Target { get; init; } = "";

    /// <summary>Where the value goes: return, returned-local, field, map, index, global, deref, arg, send, composite, local.</summary>
    public string Dest { get; init; } = "";

    /// <summary>The function a call calls (or the function the value is passed to), named as profiles name it.</summary>
    public string Callee { get; init; } = "";

    /// <summary>A method call's receiver type (`*bytes.Buffer`).</summary>
    public string Receiver { get; init; } = "";

    /// <summary>The value leaves the function: returned, or stored where the caller or a heap object keeps it.</summary>
    public bool IsKept => Dest is "return" or "returned-local" or "field" or "map" or "index" or "global" or "deref" or "send";
}

/// <summary>What is known about one line: its statement, its function, and its allocating expressions.</summary>
public sealed record StatementFacts
{
    public string Function { get; init; } = "";

    public bool InClosure { get; init; }

    /// <summary>The function (and its receiver type) is exported: its signature is an API.</summary>
    public bool Exported { get; init; }

    public bool IsTest { get; init; }

    public bool InLoop { get; init; }

    public string Statement { get; init; } = "";

    public string StatementKind { get; init; } = "";

    /// <summary>The function returns a buffer it got from a sync.Pool (it calls Pool.Get).</summary>
    public bool UsesPool { get; init; }

    /// <summary>The facts come from Go's type checker (else from the syntax or the tokens alone).</summary>
    public bool Typed { get; init; }

    public IReadOnlyList<ExprFact> Exprs { get; init; } = [];

    public ExprFact? First(params ExprKind[] kinds) => Exprs.FirstOrDefault(e => kinds.Contains(e.Kind));
}

/// <summary>Where the join gets facts about the code at its sites: Go's own parser and type checker, or the tokens.</summary>
public interface ICodeFacts
{
    /// <summary>Says which source the facts come from, for the report.</summary>
    string Description { get; }

    /// <summary>Gathers the facts of all these lines at once (one run of a helper for a whole report).</summary>
    void Prepare(IReadOnlyCollection<CodePoint> points);

    StatementFacts? At(CodePoint point);

    /// <summary>
    /// Lines of benchmark files (`_test.go`, full paths) that run while the benchmark timer is stopped (before
    /// b.ResetTimer, between b.StopTimer and b.StartTimer), as inclusive ranges per file; null: not known from this source.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<(int From, int To)>>? UntimedLines(IReadOnlyCollection<string> files) => null;
}
