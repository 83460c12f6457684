using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>A concrete change and what it should do to the site's allocations.</summary>
public sealed record Fix(string Action, string ExpectedEffect)
{
    public override string ToString() => $"{Action} (expected: {ExpectedEffect})";
}

/// <summary>Turns a classified site into the change a Go performance engineer would make.</summary>
public static class FixAdvisor
{
    public static Fix For(AllocationKind kind, EscapeReason reason, string? callee, MapDeclaration? map, string statement)
    {
        switch (kind)
        {
            case AllocationKind.MapGrowth:
                if (map is not null && !map.HasSizeHint)
                {
                    return new Fix($"add a size hint to the map's make at {Path.GetFileName(map.File)}:{map.Line} (`{map.Text}`): make(map[K]V, n) with the expected number of keys",
                        "the bucket array is allocated once at its final size instead of doubling (and being copied) as keys are inserted");
                }

                return new Fix(map is null ? "give the map a size hint: make(map[K]V, n) with the expected number of keys" : $"raise the size hint of the map made at {Path.GetFileName(map.File)}:{map.Line} to the expected number of keys",
                    "the bucket array is allocated once at its final size instead of growing while keys are inserted");
            case AllocationKind.MapNew:
                return new Fix("hoist the map out of the loop and reuse it (clear it with `for k := range m { delete(m, k) }`, or clear(m) on Go 1.21+), or keep it from escaping",
                    "no map header or bucket allocation per iteration");
            case AllocationKind.SliceGrowth:
                return new Fix("preallocate the capacity before the loop: make([]T, 0, n) with the expected length",
                    "one backing-array allocation instead of repeated growslice reallocations and copies");
            case AllocationKind.SliceMake:
                return reason == EscapeReason.Returned
                    ? new Fix("let the caller supply the buffer (append into a dst []T parameter) or return a fixed-size array value",
                        "no heap allocation per call; the caller can reuse one buffer")
                    : new Fix("keep the slice from escaping (do not store it in the heap or pass it to an interface), or reuse it across calls",
                        "the slice can live on the stack or be allocated once");
            case AllocationKind.NonConstSize:
                return new Fix("use a constant size the compiler can place on the stack (var buf [N]byte; b := buf[:n] when n <= N), or reuse a buffer (sync.Pool, caller-owned)",
                    "no heap allocation per call for sizes up to N");
            case AllocationKind.TooLarge:
                return new Fix("reuse the buffer instead of making it per call: a sync.Pool, a caller-owned buffer, or a package-level buffer guarded by the caller",
                    "the large block is allocated once instead of on every call");
            case AllocationKind.Closure:
                return new Fix("avoid the escaping capturing func literal: pass the captured values as arguments, or use a method on a small struct value",
                    "no closure object and no heap copies of the captured variables");
            case AllocationKind.InterfaceBox:
                return new Fix("avoid converting values to interfaces: use typed APIs (strconv.AppendInt, strings.Builder, io.WriteString) instead of fmt, or pass pointers already on the heap",
                    "no boxing allocation per converted argument");
            case AllocationKind.StringBytes:
                return new Fix("avoid the string/[]byte conversion: use io.WriteString or a WriteString method, keep the data in one representation, or convert once outside the loop",
                    "no copy of the bytes per conversion");
            case AllocationKind.StringConcat:
                return new Fix("build the string with a strings.Builder (Grow it once to the final length) instead of + / += in a loop",
                    "one allocation for the final string instead of one per concatenation");
            case AllocationKind.NewObject:
                return reason == EscapeReason.Returned
                    ? new Fix("return the value instead of a pointer, or allocate many values in one slice ([]T) and hand out pointers into it",
                        "one allocation for many objects, or none when the value stays on the stack")
                    : new Fix("keep the variable from escaping (do not store its address in the heap or an interface), or allocate values in bulk",
                        "the object can live on the stack");
            case AllocationKind.Library:
                return LibraryFix(callee);
            case AllocationKind.Runtime:
                return new Fix("none: runtime-internal allocation (goroutine stacks, trace buffers, ...)", "-");
            default:
                return new Fix($"look at the statement `{statement}`: the evidence did not identify the allocation", "-");
        }
    }

    private static Fix LibraryFix(string? callee)
    {
        var name = callee ?? string.Empty;
        if (name is "strings.Split" or "strings.SplitN" or "strings.Fields" or "strings.SplitAfter" or "bytes.Split" or "bytes.Fields")
        {
            return new Fix($"iterate over the parts with strings.Cut / strings.IndexByte instead of materialising a []string with {name}",
                "no []string allocation per call");
        }

        if (name.StartsWith("fmt.Sprint", StringComparison.Ordinal) || name.StartsWith("fmt.Errorf", StringComparison.Ordinal))
        {
            return new Fix($"replace {name} with strconv / strings.Builder (or append-style strconv.AppendInt into a reused buffer)",
                "no fmt state, no boxed arguments, one string allocation");
        }

        if (name.StartsWith("fmt.Fprint", StringComparison.Ordinal))
        {
            return new Fix($"write typed values directly (io.WriteString, strconv.AppendInt into a reused buffer) instead of {name}",
                "no boxed arguments");
        }

        if (name.StartsWith("encoding/json.", StringComparison.Ordinal))
        {
            return new Fix($"decode into a typed struct instead of map[string]interface{{}}, and reuse the decoder/buffers around {name}",
                "no map and interface{} boxes per JSON value");
        }

        if (name is "strings.Join" or "strings.Repeat" or "strings.ToLower" or "strings.ToUpper" or "strings.Replace" or "strings.ReplaceAll")
        {
            return new Fix($"write into a reused strings.Builder / []byte instead of calling {name} per item",
                "fewer intermediate strings");
        }

        if (name.StartsWith("sort.", StringComparison.Ordinal))
        {
            return new Fix($"use slices.Sort / sort.Sort on a concrete type instead of {name} (which boxes its argument)",
                "no interface or closure allocation per sort");
        }

        return new Fix(callee is null ? "the allocation happens in a dependency called from this line: call it less often or use an allocation-free variant"
            : $"the allocation happens inside {callee}: call it less often (hoist it out of loops, cache its result) or use an allocation-free variant",
            "fewer calls, fewer allocations");
    }
}
