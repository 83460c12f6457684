using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// What a runtime function at the leaf of an allocation stack says about the allocation. Newer Go heap profiles
/// and eBPF stacks keep these frames; Go 1.19 heap profiles hide them.
/// </summary>
public static class RuntimeFrames
{
    public static bool IsRuntime(string function) =>
        function.StartsWith("runtime.", StringComparison.Ordinal) || function.StartsWith("runtime/internal/", StringComparison.Ordinal)
        || function.StartsWith("internal/abi.", StringComparison.Ordinal);

    /// <summary>The kind a runtime frame implies, or null when the frame says nothing (mallocgc, newarray).</summary>
    public static AllocationKind? KindOf(string function)
    {
        var name = function.StartsWith("runtime.", StringComparison.Ordinal) ? function["runtime.".Length..] : function;
        return name switch
        {
            "growslice" or "growslice_n" => AllocationKind.SliceGrowth,
            "hashGrow" or "makeBucketArray" or "growWork" or "newoverflow" or "(*hmap).newoverflow" or "(*bmap).overflow" => AllocationKind.MapGrowth,
            _ when name.StartsWith("mapassign", StringComparison.Ordinal) => AllocationKind.MapGrowth,
            _ when name.StartsWith("makemap", StringComparison.Ordinal) => AllocationKind.MapNew,
            _ when name.StartsWith("concatstring", StringComparison.Ordinal) || name == "concatbytes" => AllocationKind.StringConcat,
            _ when name.StartsWith("convT", StringComparison.Ordinal) || name is "convI2I" or "convTnoptr" => AllocationKind.InterfaceBox,
            "slicebytetostring" or "stringtoslicebyte" or "stringtoslicerune" or "slicerunetostring" or "intstring" or "rawstringtmp" or "rawbyteslice" or "rawruneslice" => AllocationKind.StringBytes,
            "makeslice" or "makeslice64" or "makeslicecopy" => AllocationKind.SliceMake,
            "newobject" => AllocationKind.NewObject,
            "newproc" or "newproc1" or "malg" or "gfget" or "allocm" or "mcommoninit" => AllocationKind.Runtime,
            _ => null,
        };
    }
}
