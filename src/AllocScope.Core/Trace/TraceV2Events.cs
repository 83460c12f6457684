namespace AllocScope.Trace;

/// <summary>The byte values of v2 trace events (Go's tracev2/events.go; FORMAT-V2.md).</summary>
public static class TraceV2EventType
{
    public const byte None = 0, EventBatch = 1, Stacks = 2, Stack = 3, Strings = 4, String = 5, CpuSamples = 6, CpuSample = 7, Frequency = 8;
    public const byte ProcsChange = 9, ProcStart = 10, ProcStop = 11, ProcSteal = 12, ProcStatus = 13;
    public const byte GoCreate = 14, GoCreateSyscall = 15, GoStart = 16, GoDestroy = 17, GoDestroySyscall = 18, GoStop = 19, GoBlock = 20;
    public const byte GoUnblock = 21, GoSyscallBegin = 22, GoSyscallEnd = 23, GoSyscallEndBlocked = 24, GoStatus = 25;
    public const byte StwBegin = 26, StwEnd = 27;
    public const byte GcActive = 28, GcBegin = 29, GcEnd = 30, GcSweepActive = 31, GcSweepBegin = 32, GcSweepEnd = 33;
    public const byte GcMarkAssistActive = 34, GcMarkAssistBegin = 35, GcMarkAssistEnd = 36, HeapAlloc = 37, HeapGoal = 38;
    public const byte GoLabel = 39, UserTaskBegin = 40, UserTaskEnd = 41, UserRegionBegin = 42, UserRegionEnd = 43, UserLog = 44;
    public const byte GoSwitch = 45, GoSwitchDestroy = 46, GoCreateBlocked = 47, GoStatusStack = 48, ExperimentalBatch = 49;
    public const byte Sync = 50, ClockSnapshot = 51, EndOfGeneration = 52;

    /// <summary>Experimental events (the AllocFree experiment) are numbered from here up to <see cref="MaxExperimental"/>.</summary>
    public const byte FirstExperimental = 128, MaxExperimental = 136;
}

/// <summary>
/// What Go's spec table says of one v2 event type: its name, its argument names (a timed event's first is `dt`), whether
/// it is timed (in per-M batches), carries trailing data or frames, which arguments name stacks and strings (indices into
/// <see cref="Args"/>), and the Begin event a range's End or Active event closes or restates.
/// </summary>
public sealed record TraceV2Spec(string Name, string[] Args, bool IsTimed = false, bool HasData = false, bool IsStack = false,
    int[]? StackArgs = null, int[]? StringArgs = null, byte StartEvent = TraceV2EventType.None);

/// <summary>The spec table of each v2 version: Go 1.22 knows types 0–44, 1.23 (and 1.24) 0–49 and the experiments, 1.25 0–51, 1.26 0–52.</summary>
public static class TraceV2Specs
{
    private static readonly TraceV2Spec?[] s_all = Build();

    /// <summary>The type names by byte value, for the summary's counts (empty where no type is).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_all.Select(s => s?.Name ?? string.Empty)];

    /// <summary>The spec of <paramref name="type"/> in a trace of <paramref name="version"/> (1022 for Go 1.22), or null when that version has no such event.</summary>
    public static TraceV2Spec? For(int type, int version)
    {
        var last = version switch
        {
            1022 => TraceV2EventType.UserLog,
            1023 or 1024 => TraceV2EventType.ExperimentalBatch,
            1025 => TraceV2EventType.ClockSnapshot,
            _ => TraceV2EventType.EndOfGeneration,
        };
        if (type is >= TraceV2EventType.FirstExperimental and <= TraceV2EventType.MaxExperimental)
        {
            return version >= 1023 ? s_all[type] : null;
        }

        return type <= last ? s_all[type] : null;
    }

    private static TraceV2Spec?[] Build()
    {
        var t = new TraceV2Spec?[TraceV2EventType.MaxExperimental + 1];
        TraceV2Spec Timed(string name, string[] args, int[]? stacks = null, int[]? strings = null, byte start = 0) =>
            new(name, args, IsTimed: true, StackArgs: stacks, StringArgs: strings, StartEvent: start);

        t[1] = new("EventBatch", ["gen", "m", "time", "size"]);
        t[2] = new("Stacks", []);
        t[3] = new("Stack", ["id", "nframes"], IsStack: true);
        t[4] = new("Strings", []);
        t[5] = new("String", ["id"], HasData: true);
        t[6] = new("CPUSamples", []);
        t[7] = new("CPUSample", ["time", "m", "p", "g", "stack"], StackArgs: [4]);
        t[8] = new("Frequency", ["freq"]);
        t[9] = Timed("ProcsChange", ["dt", "procs_value", "stack"], [2]);
        t[10] = Timed("ProcStart", ["dt", "p", "p_seq"]);
        t[11] = Timed("ProcStop", ["dt"]);
        t[12] = Timed("ProcSteal", ["dt", "p", "p_seq", "m"]);
        t[13] = Timed("ProcStatus", ["dt", "p", "pstatus"]);
        t[14] = Timed("GoCreate", ["dt", "new_g", "new_stack", "stack"], [3, 2]);
        t[15] = Timed("GoCreateSyscall", ["dt", "new_g"]);
        t[16] = Timed("GoStart", ["dt", "g", "g_seq"]);
        t[17] = Timed("GoDestroy", ["dt"]);
        t[18] = Timed("GoDestroySyscall", ["dt"]);
        t[19] = Timed("GoStop", ["dt", "reason_string", "stack"], [2], [1]);
        t[20] = Timed("GoBlock", ["dt", "reason_string", "stack"], [2], [1]);
        t[21] = Timed("GoUnblock", ["dt", "g", "g_seq", "stack"], [3]);
        t[22] = Timed("GoSyscallBegin", ["dt", "p_seq", "stack"], [2]);
        t[23] = Timed("GoSyscallEnd", ["dt"], start: TraceV2EventType.GoSyscallBegin);
        t[24] = Timed("GoSyscallEndBlocked", ["dt"], start: TraceV2EventType.GoSyscallBegin);
        t[25] = Timed("GoStatus", ["dt", "g", "m", "gstatus"]);
        t[26] = Timed("STWBegin", ["dt", "kind_string", "stack"], [2], [1]);
        t[27] = Timed("STWEnd", ["dt"], start: TraceV2EventType.StwBegin);
        t[28] = Timed("GCActive", ["dt", "gc_seq"], start: TraceV2EventType.GcBegin);
        t[29] = Timed("GCBegin", ["dt", "gc_seq", "stack"], [2]);
        t[30] = Timed("GCEnd", ["dt", "gc_seq"], start: TraceV2EventType.GcBegin);
        t[31] = Timed("GCSweepActive", ["dt", "p"], start: TraceV2EventType.GcSweepBegin);
        t[32] = Timed("GCSweepBegin", ["dt", "stack"], [1]);
        t[33] = Timed("GCSweepEnd", ["dt", "swept_value", "reclaimed_value"], start: TraceV2EventType.GcSweepBegin);
        t[34] = Timed("GCMarkAssistActive", ["dt", "g"], start: TraceV2EventType.GcMarkAssistBegin);
        t[35] = Timed("GCMarkAssistBegin", ["dt", "stack"], [1]);
        t[36] = Timed("GCMarkAssistEnd", ["dt"], start: TraceV2EventType.GcMarkAssistBegin);
        t[37] = Timed("HeapAlloc", ["dt", "heapalloc_value"]);
        t[38] = Timed("HeapGoal", ["dt", "heapgoal_value"]);
        t[39] = Timed("GoLabel", ["dt", "label_string"], strings: [1]);
        t[40] = Timed("UserTaskBegin", ["dt", "task", "parent_task", "name_string", "stack"], [4], [3]);
        t[41] = Timed("UserTaskEnd", ["dt", "task", "stack"], [2]);
        t[42] = Timed("UserRegionBegin", ["dt", "task", "name_string", "stack"], [3], [2]);
        t[43] = Timed("UserRegionEnd", ["dt", "task", "name_string", "stack"], [3], [2], TraceV2EventType.UserRegionBegin);
        t[44] = Timed("UserLog", ["dt", "task", "key_string", "value_string", "stack"], [4], [2, 3]);
        t[45] = Timed("GoSwitch", ["dt", "g", "g_seq"]);
        t[46] = Timed("GoSwitchDestroy", ["dt", "g", "g_seq"]);
        t[47] = Timed("GoCreateBlocked", ["dt", "new_g", "new_stack", "stack"], [3, 2]);
        t[48] = Timed("GoStatusStack", ["dt", "g", "m", "gstatus", "stack"], [4]);
        t[49] = new("ExperimentalBatch", ["exp", "gen", "m", "time"], HasData: true);
        t[50] = new("Sync", []);
        t[51] = Timed("ClockSnapshot", ["dt", "mono", "sec", "nsec"]);
        t[52] = new("EndOfGeneration", []);
        t[128] = Timed("Span", ["dt", "id", "npages_value", "kindclass"]);
        t[129] = Timed("SpanAlloc", ["dt", "id", "npages_value", "kindclass"]);
        t[130] = Timed("SpanFree", ["dt", "id"]);
        t[131] = Timed("HeapObject", ["dt", "id", "type"]);
        t[132] = Timed("HeapObjectAlloc", ["dt", "id", "type"]);
        t[133] = Timed("HeapObjectFree", ["dt", "id"]);
        t[134] = Timed("GoroutineStack", ["dt", "id", "order"]);
        t[135] = Timed("GoroutineStackAlloc", ["dt", "id", "order"]);
        t[136] = Timed("GoroutineStackFree", ["dt", "id"]);
        return t;
    }
}
