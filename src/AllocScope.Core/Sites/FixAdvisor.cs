using System.Globalization;
using AllocScope.Inputs;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>The change to make, as a stable id (`fixAction` in every output; README lists them).</summary>
public enum FixAction
{
    PresizeMap,
    PreallocateSlice,
    GrowBuilder,
    ReuseBuffer,
    ReuseMap,
    RecycleObjects,
    CoAllocate,
    KeepOnStack,
    CalleeRemedy,
    AvoidConversion,
    AvoidBoxing,
    AvoidClosure,
    UseBuilder,
    ConstantSize,
    Necessary,
    NoneKnown,
}

public static class FixActions
{
    public static string Id(this FixAction action) => StableIds.Of(action);
}

/// <summary>A concrete change, what it should do to the site's allocations, and its stable id.</summary>
public sealed record Fix(string Action, string ExpectedEffect)
{
    public FixAction Id { get; init; } = FixAction.NoneKnown;

    public override string ToString() => $"{Action} (expected: {ExpectedEffect})";
}

/// <summary>A site with what is known about the code around it.</summary>
public sealed record FixContext(AllocationSite Site, StatementFacts? Facts, ExprFact? Expr, MapDeclaration? Map)
{
    /// <summary>What is known about the line that called the site's function (is the call in a loop).</summary>
    public StatementFacts? CallerFacts { get; init; }
}

/// <summary>
/// Turns a classified site into the change a Go performance engineer would make, reading the code around it first: a
/// value the function returns or keeps is necessary there (say so, point at the caller or at reuse), an object whose
/// identity the algorithm needs is recycled rather than kept off the heap, a buffer from a sync.Pool warming up needs
/// nothing, and an exported signature is never changed. The texts are in fixes.tsv.
/// </summary>
public static class FixAdvisor
{
    public static Fix For(FixContext c)
    {
        var (action, variant) = Decide(c);
        var site = c.Site;
        var values = new Dictionary<string, string>
        {
            ["callee"] = site.Callee ?? c.Expr?.Callee ?? "the callee",
            ["target"] = c.Expr?.Target is { Length: > 0 } t ? t : "it",
            ["expr"] = c.Expr?.Text is { Length: > 0 } x ? x : "it",
            ["map"] = c.Map is null ? "" : $"{Path.GetFileName(c.Map.File)}:{c.Map.Line}",
            ["mapText"] = c.Map?.Text ?? "",
            ["function"] = ShortName(site.Function),
            ["type"] = site.AllocatedType ?? "value",
        };
        var (text, effect) = FixCatalog.Text(action, site.Kind, variant, values);
        if (action is FixAction.Necessary or FixAction.NoneKnown && site.PerOp is { } cost)
        {
            effect += $" (this site costs {PerOpText(cost)})";
        }
        else if (action is not (FixAction.Necessary or FixAction.NoneKnown) && site.Objects > 0)
        {
            // What it can save, from the measured numbers: per op of the benchmark when its output was given.
            var perOp = site.PerOp is { } op ? PerOpText(op) + "; " : "";
            effect += $" (this site: {perOp}{site.Objects.ToString("N0", CultureInfo.InvariantCulture)} objects, {InputLimits.FormatSize(site.Bytes)} in this profile)";
        }

        return new Fix(text, effect) { Id = action };
    }

    private static string PerOpText(PerOpCost op) =>
        $"≈{op.Objects.ToString(op.Objects < 10 ? "0.##" : "N0", CultureInfo.InvariantCulture)} {(Math.Round(op.Objects, 2) == 1 ? "object" : "objects")}, {InputLimits.FormatSize((long)Math.Round(op.Bytes))} per op of {op.Benchmark}";

    private static (FixAction Action, string Variant) Decide(FixContext c)
    {
        var site = c.Site;
        var facts = c.Facts;
        var expr = c.Expr;
        // Kept: the function hands the value on (returns it, stores it in a field, a map, a heap object).
        var kept = expr?.IsKept == true || site.Reason is EscapeReason.Returned or EscapeReason.StoredInHeap;
        var inLoop = facts?.InLoop == true;
        if (site.Kind == AllocationKind.Library)
        {
            return LibraryFix(site, expr);
        }

        if (facts?.UsesPool == true && site.Kind is AllocationKind.SliceMake or AllocationKind.NonconstSize or AllocationKind.NewObject
            or AllocationKind.SliceGrowth or AllocationKind.TooLarge)
        {
            return (FixAction.Necessary, "pooled");
        }

        return site.Kind switch
        {
            AllocationKind.MapGrowth => (FixAction.PresizeMap, c.Map is null ? "*" : c.Map.HasSizeHint ? "hint" : "no-hint"),
            AllocationKind.MapNew => inLoop ? (FixAction.ReuseMap, "*") : kept ? Necessary(c) : (FixAction.ReuseMap, "*"),
            AllocationKind.SliceGrowth => expr?.GrowsBuffer is { Length: > 0 } ? (FixAction.ReuseBuffer, "grows") : GrowthFix(c),
            AllocationKind.SliceMake or AllocationKind.NonconstSize => expr?.GrowsBuffer is { Length: > 0 } ? (FixAction.ReuseBuffer, "grows")
                : kept ? Necessary(c)
                : inLoop ? (FixAction.ReuseBuffer, "loop")
                : site.Kind == AllocationKind.NonconstSize && IsSmall(site) ? (FixAction.ConstantSize, "*") : (FixAction.ReuseBuffer, "*"),
            AllocationKind.TooLarge => kept ? Necessary(c) : (FixAction.ReuseBuffer, inLoop ? "loop" : "*"),
            AllocationKind.NewObject => ObjectFix(c, kept, inLoop),
            AllocationKind.Closure => (FixAction.AvoidClosure, expr?.Kind == ExprKind.MethodValue ? "method-value" : "*"),
            AllocationKind.InterfaceBox => CalleeVariant(expr?.Callee ?? site.Escape?.Function ?? "") is { } v ? (FixAction.CalleeRemedy, v) : (FixAction.AvoidBoxing, "*"),
            // A conversion whose result is kept (stored, returned) is the data the code hands on: necessary there.
            AllocationKind.StringBytes => kept || site.Reason == EscapeReason.StoredInHeap ? Necessary(c) : (FixAction.AvoidConversion, ConversionVariant(expr, inLoop)),
            AllocationKind.StringConcat => inLoop ? (FixAction.UseBuilder, "*") : kept ? Necessary(c) : (FixAction.UseBuilder, "*"),
            _ => (FixAction.NoneKnown, "*"),
        };
    }

    /// <summary>
    /// Small enough for a stack array of a constant bound (`var buf [N]byte`): objects of at most 1 KiB on average. A
    /// bigger buffer made per call is reused instead; a large stack array would only move the cost to stack growth.
    /// </summary>
    private static bool IsSmall(AllocationSite site) => site.Objects == 0 || site.Bytes / site.Objects <= 1024;

    /// <summary>
    /// Which conversion advice fits: hoisting only when the converted value is the same on every iteration; a []byte
    /// made only to call Write wants io.WriteString (which uses the writer's WriteString when it has one).
    /// </summary>
    private static string ConversionVariant(ExprFact? expr, bool inLoop) =>
        expr is { LoopInvariant: true } && inLoop ? "loop"
        : expr is { Dest: "arg", From: "string" } && expr.Callee.EndsWith(".Write", StringComparison.Ordinal) ? "write"
        : "*";

    private static (FixAction, string) Necessary(FixContext c) =>
        c.Expr?.Dest is "return" or "returned-local" || c.Site.Reason == EscapeReason.Returned
            ? (FixAction.Necessary, c.Facts?.Exported == true ? "api" : "returned")
            : (FixAction.Necessary, "kept");

    private static (FixAction, string) GrowthFix(FixContext c)
    {
        var target = c.Expr?.Target ?? "";
        if (c.Expr?.Receiver is "*bytes.Buffer" or "*strings.Builder")
        {
            return (FixAction.GrowBuilder, "*");
        }

        // A buffer kept in a field (or the result being built up for the caller) is reused already: only its start size helps.
        return target.Contains('.', StringComparison.Ordinal) || c.Expr?.Dest is "field" ? (FixAction.PreallocateSlice, "kept") : (FixAction.PreallocateSlice, "*");
    }

    private static (FixAction, string) ObjectFix(FixContext c, bool kept, bool inLoop)
    {
        var dest = c.Expr?.Dest ?? "";
        if (c.Site.Reason == EscapeReason.CapturedByClosure)
        {
            return (FixAction.AvoidClosure, "*");
        }

        if (dest is "return" or "returned-local" || c.Site.Reason == EscapeReason.Returned)
        {
            // The result of an exported API is the caller's; an unexported constructor called in a loop can hand out
            // pointers into one block instead; otherwise it is the caller's value, made once per call on purpose.
            return c.Facts?.Exported == true ? (FixAction.Necessary, "api")
                : c.CallerFacts?.InLoop == true || inLoop ? (FixAction.CoAllocate, "returned")
                : (FixAction.Necessary, "returned");
        }

        if (dest == "map")
        {
            // Entries of a map that are replaced or deleted (a cache): reuse the evicted ones.
            return (FixAction.RecycleObjects, "*");
        }

        if (kept || dest is "composite")
        {
            // Part of a data structure: its identity matters, so never "keep it on the stack". Made in a loop, the
            // objects can come from one block; made once, the structure needs it.
            return inLoop ? (FixAction.CoAllocate, "*") : (FixAction.Necessary, "kept");
        }

        if (c.Site.Reason is EscapeReason.CallParameter or EscapeReason.LeakingParam)
        {
            // A dependency that only uses the value during the call (json.Unmarshal(&v), fmt's arguments) lets the
            // caller reuse one; the package's own code that keeps it (a node handed to the tree) needs it per call.
            var callee = c.Expr?.Dest == "arg" ? c.Expr.Callee : "";
            var foreign = callee.Length > 0 && ModuleMatcher.PackageOf(callee) != ModuleMatcher.PackageOf(c.Site.Function);
            return foreign ? (FixAction.CalleeRemedy, "*") : inLoop ? (FixAction.CoAllocate, "*") : (FixAction.Necessary, "kept");
        }

        return (FixAction.KeepOnStack, "*");
    }

    private static (FixAction, string) LibraryFix(AllocationSite site, ExprFact? expr)
    {
        if (site.Callee is null || site.Callee == site.Function)
        {
            return (FixAction.NoneKnown, "*");
        }

        if (site.Callee.StartsWith("sync.(*Pool).", StringComparison.Ordinal))
        {
            // The pool's own per-P arrays, made once as it warms up.
            return (FixAction.Necessary, "pooled");
        }

        if (CalleeVariant(site.Callee) is { } variant)
        {
            return (FixAction.CalleeRemedy, variant);
        }

        // What the callee itself allocates says what helps: a bytes.Buffer or strings.Builder growing wants Grow.
        var top = site.Allocators.FirstOrDefault();
        if (top is not null && (top.Function.StartsWith("bytes.", StringComparison.Ordinal) || top.Function.StartsWith("strings.(*Builder)", StringComparison.Ordinal))
            && top.Kind is AllocationKind.SliceGrowth or AllocationKind.NonconstSize or AllocationKind.SliceMake or AllocationKind.Unknown)
        {
            // The line's own buffer, or one behind an io.Writer it was given (then its owner can size it).
            return (FixAction.GrowBuilder, expr?.Receiver is "*bytes.Buffer" or "*strings.Builder" ? "*" : "owner");
        }

        return (FixAction.NoneKnown, "*");
    }

    /// <summary>The variant of a dependency whose allocation-free remedy is known, by the callee's name.</summary>
    private static string? CalleeVariant(string callee) => callee switch
    {
        "strings.Split" or "strings.SplitN" or "strings.Fields" or "strings.SplitAfter" or "bytes.Split" or "bytes.Fields" => "split",
        _ when callee.StartsWith("fmt.Sprint", StringComparison.Ordinal) || callee.StartsWith("fmt.Errorf", StringComparison.Ordinal) => "sprint",
        _ when callee.StartsWith("fmt.Fprint", StringComparison.Ordinal) => "fprint",
        _ when callee.StartsWith("encoding/json.", StringComparison.Ordinal) => "json",
        "strings.Join" or "strings.Repeat" or "strings.ToLower" or "strings.ToUpper" or "strings.Replace" or "strings.ReplaceAll" => "join",
        _ when callee.StartsWith("sort.", StringComparison.Ordinal) => "sort",
        _ when callee.StartsWith("bufio.New", StringComparison.Ordinal) => "bufio",
        "encoding/csv.(*Reader).Read" or "encoding/csv.(*Reader).ReadAll" => "csv",
        _ => null,
    };

    private static string ShortName(string function)
    {
        var slash = function.LastIndexOf('/');
        return slash < 0 ? function : function[(slash + 1)..];
    }
}
