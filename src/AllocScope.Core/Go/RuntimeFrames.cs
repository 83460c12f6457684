using AllocScope.Taxonomy;

namespace AllocScope.Go;

/// <summary>
/// What a runtime function below the user's frame of an allocation stack says about the allocation, for every Go
/// version's names. eBPF stacks and symbolized legacy profiles keep these frames; Go's own proto heap profiles drop
/// the runtime frames at the leaf, so there the statement and the escape log decide instead.
/// </summary>
public static class RuntimeFrames
{
    /// <summary>Runtime code: `runtime.`, `runtime/internal/` (up to Go 1.20), `internal/runtime/` (Go 1.21+, maps from 1.24), `internal/abi.`.</summary>
    public static bool IsRuntime(string function) =>
        function.StartsWith("runtime.", StringComparison.Ordinal) || function.StartsWith("runtime/internal/", StringComparison.Ordinal)
        || function.StartsWith("internal/runtime/", StringComparison.Ordinal) || function.StartsWith("internal/abi.", StringComparison.Ordinal);

    /// <summary>The kind a runtime frame implies, or null when the frame says nothing (mallocgc, newarray).</summary>
    public static AllocationKind? KindOf(string function)
    {
        const string swissMaps = "internal/runtime/maps.";
        if (function.StartsWith(swissMaps, StringComparison.Ordinal))
        {
            // Go 1.24+ Swiss-table maps: NewMap makes one; tables grow and split as keys are inserted.
            var swiss = function[swissMaps.Length..];
            return swiss.StartsWith("NewMap", StringComparison.Ordinal) || swiss == "NewEmptyMap" ? AllocationKind.MapNew
                : swiss is "newTable" or "(*table).grow" or "(*table).split" or "(*table).rehash" or "(*Map).growToSmall" or "(*Map).growToTable"
                    or "newarray" || swiss.StartsWith("(*Map).PutSlot", StringComparison.Ordinal) || swiss.StartsWith("(*Map).putSlot", StringComparison.Ordinal)
                    ? AllocationKind.MapGrowth
                    : null;
        }

        var name = function.StartsWith("runtime.", StringComparison.Ordinal) ? function["runtime.".Length..] : function;
        return name switch
        {
            "growslice" or "growslice_n" => AllocationKind.SliceGrowth,

            // Classic bucket maps (up to Go 1.23; mapassign* stays the entry point of map writes after).
            "hashGrow" or "makeBucketArray" or "growWork" or "newoverflow" or "(*hmap).newoverflow" or "(*bmap).overflow" => AllocationKind.MapGrowth,
            _ when name.StartsWith("mapassign", StringComparison.Ordinal) => AllocationKind.MapGrowth,
            _ when name.StartsWith("makemap", StringComparison.Ordinal) => AllocationKind.MapNew,
            _ when name.StartsWith("concatstring", StringComparison.Ordinal) || name.StartsWith("concatbyte", StringComparison.Ordinal) => AllocationKind.StringConcat,
            _ when name.StartsWith("convT", StringComparison.Ordinal) || name is "convI2I" => AllocationKind.InterfaceBox,
            "slicebytetostring" or "stringtoslicebyte" or "stringtoslicerune" or "slicerunetostring" or "intstring" or "rawstringtmp" or "rawbyteslice" or "rawruneslice" => AllocationKind.StringBytes,
            "makeslice" or "makeslice64" or "makeslicecopy" => AllocationKind.SliceMake,
            "newobject" => AllocationKind.NewObject,
            "newproc" or "newproc1" or "malg" or "gfget" or "allocm" or "mcommoninit" => AllocationKind.Runtime,

            // The runtime's entry points for reflect (linknamed into package reflect).
            _ when name.StartsWith("reflect.mapassign", StringComparison.Ordinal) => AllocationKind.MapGrowth,
            "reflect.makemap" => AllocationKind.MapNew,
            "reflect.unsafe_New" => AllocationKind.NewObject,
            "reflect.unsafe_NewArray" => AllocationKind.SliceMake,
            _ => null,
        };
    }
}
