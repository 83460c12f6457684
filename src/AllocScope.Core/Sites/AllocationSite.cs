using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// A statement in the user's code that allocates: where, how much, what kind, why on the heap, the evidence for
/// that, and what to change. The unit every report ranks.
/// </summary>
public sealed class AllocationSite
{
    public required string Function { get; init; }

    /// <summary>The file as the profile names it.</summary>
    public required string File { get; init; }

    public required long Line { get; init; }

    /// <summary>Column of the allocating expression when an escape decision gives it; 0 when unknown.</summary>
    public long Column { get; set; }

    public AllocationKind Kind { get; set; }

    public EscapeReason Reason { get; set; }

    /// <summary>Allocations counted for the site (alloc_objects); exact at memprofilerate 1, else pprof's unsampled estimate.</summary>
    public long Objects { get; set; }

    public long Bytes { get; set; }

    public long InuseObjects { get; set; }

    public long InuseBytes { get; set; }

    /// <summary>The value of the chosen sample type (what the ranking uses).</summary>
    public long Value { get; set; }

    /// <summary>The dependency or runtime function the bytes were allocated in on behalf of this line (library/runtime kinds).</summary>
    public string? Callee { get; init; }

    /// <summary>Functions this site's function was inlined into, where the profile says so.</summary>
    public SortedSet<string> InlinedInto { get; } = new(StringComparer.Ordinal);

    /// <summary>The statement text of the line, when the source was found.</summary>
    public string? Statement { get; set; }

    public Fix? Fix { get; set; }

    public List<string> Evidence { get; } = [];

    /// <summary>The escape decision that explains the site, when there is one.</summary>
    public EscapeFact? Escape { get; set; }
}

/// <summary>One escape-analysis decision at a position, as the join needs it.</summary>
public sealed record EscapeFact(
    long Column,
    string Expression,
    string Message,
    bool Escapes,
    AllocationKind Kind,
    EscapeReason Reason,
    IReadOnlyList<EscapeFlowStep> Flow);

/// <summary>One `from EXPR (TAG) at POS` step of an escape explanation.</summary>
public sealed record EscapeFlowStep(string Text, string? Tag, string? File, long Line, long Column);

/// <summary>Escape decisions by source position; implemented over an escape log.</summary>
public interface IEscapeFacts
{
    /// <summary>The decisions at a file (any path form, matched by suffix) and line.</summary>
    IReadOnlyList<EscapeFact> At(string file, long line);
}

/// <summary>One frame of an allocation stack, inlined frames expanded as pprof does.</summary>
public sealed record StackFrame(string Function, string File, long Line, long Column, string? InlinedInto);

/// <summary>One profile sample as the join needs it: its stack, leaf first, and its four heap values.</summary>
public sealed record AllocationSample(IReadOnlyList<StackFrame> Frames, long AllocObjects, long AllocBytes, long InuseObjects, long InuseBytes, long Value);
