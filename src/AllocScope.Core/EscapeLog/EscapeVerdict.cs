using AllocScope.Taxonomy;

namespace AllocScope.EscapeLog;

/// <summary>What the compiler decided about one expression, variable or parameter (the summary message).</summary>
public enum EscapeVerdict
{
    /// <summary>`X escapes to heap`: an allocating expression (or an interface conversion) is heap allocated.</summary>
    EscapesToHeap,

    /// <summary>`moved to heap: x`: a named variable lives on the heap.</summary>
    MovedToHeap,

    /// <summary>`X does not escape`: stays on the stack (expressions and pointer parameters).</summary>
    DoesNotEscape,

    /// <summary>`leaking param: p`: what p points to reaches the heap (the caller's value escapes).</summary>
    LeakingParam,

    /// <summary>`leaking param content: p`: what p's pointees point to reaches the heap.</summary>
    LeakingParamContent,

    /// <summary>`leaking param: p to result r level=n`: p flows to a result.</summary>
    LeakingParamToResult,

    /// <summary>`assuming p is unsafe uintptr`, `marking p as escaping uintptr` (body-less or //go:uintptrescapes functions).</summary>
    UnsafeUintptr,

    /// <summary>`zero-copy string->[]byte conversion` (Go 1.22+): a conversion that does not allocate.</summary>
    ZeroCopyConversion,

    /// <summary>`mutates param`, `calls param`, `p does not escape, mutate, or call` (Go 1.22+ -d=escapemutationscalls).</summary>
    ParamMutation,
}

public static class EscapeVerdicts
{
    /// <summary>Short stable id used in outputs.</summary>
    public static string Id(this EscapeVerdict verdict) => StableIds.Of(verdict);

    /// <summary>True for verdicts that put the value itself on the heap.</summary>
    public static bool ReachesHeap(this EscapeVerdict verdict) =>
        verdict is EscapeVerdict.EscapesToHeap or EscapeVerdict.MovedToHeap;

    /// <summary>True for verdicts about a function parameter rather than an allocation in the function.</summary>
    public static bool IsAboutParameter(this EscapeVerdict verdict) =>
        verdict is EscapeVerdict.LeakingParam or EscapeVerdict.LeakingParamContent or EscapeVerdict.LeakingParamToResult
            or EscapeVerdict.UnsafeUintptr or EscapeVerdict.ParamMutation;
}
