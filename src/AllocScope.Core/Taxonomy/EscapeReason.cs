namespace AllocScope.Taxonomy;

/// <summary>Why the compiler put a value on the heap, from its flow explanation. Ids are stable (PRODUCT.md).</summary>
public enum EscapeReason
{
    Unknown,
    Returned,
    StoredInHeap,
    CapturedByClosure,
    LeakingParam,
    InterfaceConverted,
    NonConstantSize,
    TooLargeForStack,
    AddressTaken,
    CallParameter,

    /// <summary>Not the compiler's: the runtime grows a backing store (append, map buckets) whatever escape analysis decided.</summary>
    RuntimeGrowth,

    /// <summary>Not the compiler's: its decision is not the cause (a result the function must hand over, runtime-internal).</summary>
    None,
}

public static class EscapeReasons
{
    public static string Id(this EscapeReason reason) => StableIds.Of(reason);

    public static EscapeReason FromId(string id) => StableIds.Parse(id, EscapeReason.Unknown);
}
