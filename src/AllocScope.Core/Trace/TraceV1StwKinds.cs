namespace AllocScope.Trace;

/// <summary>What a v1 stop-the-world was for: Go 1.10–1.20 have two kinds, Go 1.21 the runtime's stwReason (FORMAT.md).</summary>
internal static class TraceV1StwKinds
{
    private static readonly string[] s_reasons =
    [
        "unknown", "GC mark termination", "GC sweep termination", "write heap dump", "goroutine profile", "goroutine profile cleanup",
        "all goroutine stack trace", "read mem stats", "AllThreadsSyscall", "GOMAXPROCS", "start trace", "stop trace",
        "CountPagesInUse (test)", "ReadMetricsSlow (test)", "ReadMemStatsSlow (test)", "PageCachePagesLeaked (test)", "ResetDebugLog (test)",
    ];

    public static int Count => s_reasons.Length;

    /// <summary>The kind's text (the index checked the kind when it read the event).</summary>
    public static string Of(ulong kind, int version) => version < 1021
        ? kind == 0 ? "mark termination" : "sweep termination"
        : s_reasons[kind];
}
