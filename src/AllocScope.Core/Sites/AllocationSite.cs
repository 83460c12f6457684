using AllocScope.EscapeLog;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// A statement in the user's code that allocates: where, how much, what kind, why on the heap, the evidence for
/// that, and what to change. The unit every report ranks.
/// </summary>
public sealed class AllocationSite
{
    /// <summary>
    /// The site's identity across runs and edits (<see cref="SiteIdentity"/>): the same statement of the same function
    /// allocating the same kind keeps its id when unrelated lines move. Set once the site is classified.
    /// </summary>
    public string Id { get; set; } = "";

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

    public List<SiteEvidence> Evidence { get; } = [];

    /// <summary>The escape decision that explains the site, when there is one.</summary>
    public EscapeDecision? Escape { get; set; }

    /// <summary>The type allocated (`[]string`, `*list.Element`, `map[string]int`), when the facts or the log say it.</summary>
    public string? AllocatedType { get; set; }

    /// <summary>Value of the site's samples whose stacks the runtime cut at its depth limit (their root is missing).</summary>
    public long TruncatedValue { get; set; }

    /// <summary>The line that called the site's function, for most of its value (null at a stack's root).</summary>
    public CallerLine? Caller { get; set; }

    /// <summary>What the site costs per operation of the benchmark it allocates most under, when benchmark output is given.</summary>
    public PerOpCost? PerOp { get; set; }

    /// <summary>The code under study, its tests, or the testing harness (<see cref="SiteScope"/>).</summary>
    public SiteScope Scope { get; set; }

    /// <summary>For a library row: the statements inside the dependency that allocated, largest first.</summary>
    public List<Allocator> Allocators { get; } = [];
}

/// <summary>A statement inside a dependency that allocated part of a library row's bytes, and what it allocates.</summary>
public sealed class Allocator
{
    public required string Function { get; init; }

    public required string File { get; init; }

    public required long Line { get; init; }

    /// <summary>The runtime frame below it (growslice, mapassign, …), when the stack has one.</summary>
    public string? RuntimeFrame { get; init; }

    public AllocationKind Kind { get; set; }

    public string? AllocatedType { get; set; }

    public string? Statement { get; set; }

    public long Value { get; set; }

    public long Objects { get; set; }

    public long Bytes { get; set; }
}

/// <summary>A call site: the function and line that called a site's function.</summary>
public sealed record CallerLine(string Function, string File, long Line);

/// <summary>Objects and bytes a site allocates per operation of one benchmark (estimated: see Bench/README.md).</summary>
public sealed record PerOpCost(string Benchmark, double Objects, double Bytes);
