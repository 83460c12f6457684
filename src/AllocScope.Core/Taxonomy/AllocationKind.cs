namespace AllocScope.Taxonomy;

/// <summary>What kind of allocation a site is. The ids (see <see cref="AllocationKinds.Id"/>) are stable and used in every output.</summary>
public enum AllocationKind
{
    Unknown,
    MapGrowth,
    MapNew,
    SliceGrowth,
    SliceMake,
    NonconstSize,
    TooLarge,
    Closure,
    InterfaceBox,
    StringBytes,
    StringConcat,
    NewObject,
    Library,
    Runtime,
}

/// <summary>Stable ids, meanings and typical fixes of <see cref="AllocationKind"/> (PRODUCT.md, "Allocation kinds").</summary>
public static class AllocationKinds
{
    public static string Meaning(this AllocationKind kind) => kind switch
    {
        AllocationKind.MapGrowth => "inserts grow a map's buckets",
        AllocationKind.MapNew => "a map is created",
        AllocationKind.SliceGrowth => "append grows the backing array",
        AllocationKind.SliceMake => "make([]T, ...) or a slice literal on the heap",
        AllocationKind.NonconstSize => "make with a size not known at compile time",
        AllocationKind.TooLarge => "larger than the stack limit for implicit variables (64 KiB)",
        AllocationKind.Closure => "a func literal and its captured variables escape",
        AllocationKind.InterfaceBox => "a value converted to an interface",
        AllocationKind.StringBytes => "a []byte/string/[]rune conversion",
        AllocationKind.StringConcat => "+ or += on strings",
        AllocationKind.NewObject => "new(T), &T{} or a variable moved to the heap",
        AllocationKind.Library => "an allocation inside a dependency called from this line",
        AllocationKind.Runtime => "runtime-internal",
        _ => "not classified",
    };

    public static string Id(this AllocationKind kind) => StableIds.Of(kind);

    public static AllocationKind FromId(string id) => StableIds.Parse(id, AllocationKind.Unknown);
}
