namespace AllocScope.Trace;

/// <summary>Event types of the v1 execution trace format (Go 1.5–1.21; runtime/trace.go, internal/trace/parser.go).</summary>
public enum TraceEventType : byte
{
    None = 0,
    Batch = 1,
    Frequency = 2,
    Stack = 3,
    Gomaxprocs = 4,
    ProcStart = 5,
    ProcStop = 6,
    GCStart = 7,
    GCDone = 8,
    GCSTWStart = 9,
    GCSTWDone = 10,
    GCSweepStart = 11,
    GCSweepDone = 12,
    GoCreate = 13,
    GoStart = 14,
    GoEnd = 15,
    GoStop = 16,
    GoSched = 17,
    GoPreempt = 18,
    GoSleep = 19,
    GoBlock = 20,
    GoUnblock = 21,
    GoBlockSend = 22,
    GoBlockRecv = 23,
    GoBlockSelect = 24,
    GoBlockSync = 25,
    GoBlockCond = 26,
    GoBlockNet = 27,
    GoSysCall = 28,
    GoSysExit = 29,
    GoSysBlock = 30,
    GoWaiting = 31,
    GoInSyscall = 32,
    HeapAlloc = 33,
    HeapGoal = 34,
    TimerGoroutine = 35,
    FutileWakeup = 36,
    String = 37,
    GoStartLocal = 38,
    GoUnblockLocal = 39,
    GoSysExitLocal = 40,
    GoStartLabel = 41,
    GoBlockGC = 42,
    GCMarkAssistStart = 43,
    GCMarkAssistDone = 44,
    UserTaskCreate = 45,
    UserTaskEnd = 46,
    UserRegion = 47,
    UserLog = 48,
    CPUSample = 49,
}

/// <summary>What an event type carries: its name (as `go tool trace -d` prints it), arguments after the timestamp, a stack, and since which version.</summary>
public sealed record TraceEventDescription(string Name, int MinVersion, bool HasStack, int ArgCount);

public static class TraceEventTypes
{
    public const int Count = 50;

    private static readonly TraceEventDescription[] s_descriptions =
    [
        new("None", 1005, false, 0),
        new("Batch", 1005, false, 2),
        new("Frequency", 1005, false, 1),
        new("Stack", 1005, false, 2),
        new("Gomaxprocs", 1005, true, 1),
        new("ProcStart", 1005, false, 1),
        new("ProcStop", 1005, false, 0),
        new("GCStart", 1005, true, 1),
        new("GCDone", 1005, false, 0),
        new("GCSTWStart", 1005, false, 1),
        new("GCSTWDone", 1005, false, 0),
        new("GCSweepStart", 1005, true, 0),
        new("GCSweepDone", 1005, false, 2),
        new("GoCreate", 1005, true, 2),
        new("GoStart", 1005, false, 2),
        new("GoEnd", 1005, false, 0),
        new("GoStop", 1005, true, 0),
        new("GoSched", 1005, true, 0),
        new("GoPreempt", 1005, true, 0),
        new("GoSleep", 1005, true, 0),
        new("GoBlock", 1005, true, 0),
        new("GoUnblock", 1005, true, 2),
        new("GoBlockSend", 1005, true, 0),
        new("GoBlockRecv", 1005, true, 0),
        new("GoBlockSelect", 1005, true, 0),
        new("GoBlockSync", 1005, true, 0),
        new("GoBlockCond", 1005, true, 0),
        new("GoBlockNet", 1005, true, 0),
        new("GoSysCall", 1005, true, 0),
        new("GoSysExit", 1005, false, 3),
        new("GoSysBlock", 1005, false, 0),
        new("GoWaiting", 1005, false, 1),
        new("GoInSyscall", 1005, false, 1),
        new("HeapAlloc", 1005, false, 1),
        new("HeapGoal", 1005, false, 1),
        new("TimerGoroutine", 1005, false, 1),
        new("FutileWakeup", 1005, false, 0),
        new("String", 1007, false, 0),
        new("GoStartLocal", 1007, false, 1),
        new("GoUnblockLocal", 1007, true, 1),
        new("GoSysExitLocal", 1007, false, 2),
        new("GoStartLabel", 1008, false, 3),
        new("GoBlockGC", 1008, true, 0),
        new("GCMarkAssistStart", 1009, true, 0),
        new("GCMarkAssistDone", 1009, false, 0),
        new("UserTaskCreate", 1011, true, 3),
        new("UserTaskEnd", 1011, true, 1),
        new("UserRegion", 1011, true, 3),
        new("UserLog", 1011, true, 2),
        new("CPUSample", 1019, true, 3),
    ];

    public static TraceEventDescription Describe(this TraceEventType type) => s_descriptions[(int)type];

    public static string Name(this TraceEventType type) => s_descriptions[(int)type].Name;

    /// <summary>
    /// The number of values an event carries in a trace of <paramref name="version"/> (Go's argNum): its arguments, its
    /// stack, a timestamp delta, and before 1.7 a sequence delta, with the layouts that changed between versions.
    /// </summary>
    public static int ArgNum(TraceEventType type, int version)
    {
        var d = type.Describe();
        var n = d.ArgCount + (d.HasStack ? 1 : 0);
        if (type is TraceEventType.Batch or TraceEventType.Frequency or TraceEventType.TimerGoroutine)
        {
            return version < 1007 ? n + 1 : n;
        }

        n++;
        if (version < 1007)
        {
            n++;
        }

        return type switch
        {
            TraceEventType.GCSweepDone when version < 1009 => n - 2,
            TraceEventType.GCStart or TraceEventType.GoStart or TraceEventType.GoUnblock when version < 1007 => n - 1,
            TraceEventType.GCSTWStart when version < 1010 => n - 1,
            _ => n,
        };
    }
}
