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
}

public static class EscapeReasons
{
    public static string Id(this EscapeReason reason) => reason switch
    {
        EscapeReason.Returned => "returned",
        EscapeReason.StoredInHeap => "stored-in-heap",
        EscapeReason.CapturedByClosure => "captured-by-closure",
        EscapeReason.LeakingParam => "leaking-param",
        EscapeReason.InterfaceConverted => "interface-converted",
        EscapeReason.NonConstantSize => "non-constant-size",
        EscapeReason.TooLargeForStack => "too-large-for-stack",
        EscapeReason.AddressTaken => "address-taken",
        EscapeReason.CallParameter => "call-parameter",
        _ => "unknown",
    };

    public static EscapeReason FromId(string id) =>
        Enum.GetValues<EscapeReason>().FirstOrDefault(r => r.Id() == id, EscapeReason.Unknown);
}
