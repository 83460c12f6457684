namespace AllocScope.Trace;

/// <summary>
/// One event of a v1 trace after parsing (Go's internal/trace Event): its file offset, type, P and goroutine, time, up
/// to three arguments and a stack id. <see cref="Ts"/> holds CPU ticks while reading and nanoseconds since the first
/// event once the trace is ordered.
/// </summary>
public sealed class TraceEvent
{
    public long Off { get; init; }

    public TraceEventType Type { get; set; }

    public int P { get; set; }

    public ulong G { get; set; }

    public long Ts { get; set; }

    /// <summary>Sequence number (Go 1.5–1.6 traces only).</summary>
    public long Seq { get; set; }

    public ulong Arg0 { get; set; }

    public ulong Arg1 { get; set; }

    public ulong Arg2 { get; set; }

    public ulong StackId { get; set; }

    /// <summary>String arguments where the type has them (STW kind, label, task and region names, log key and message).</summary>
    public string[]? SArgs { get; set; }

    public void SetArg(int i, ulong value)
    {
        switch (i)
        {
            case 0: Arg0 = value; break;
            case 1: Arg1 = value; break;
            case 2: Arg2 = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(i));
        }
    }
}

/// <summary>A frame of a trace stack: program counter and, since Go 1.7, function, file and line.</summary>
public sealed record TraceFrame(ulong Pc, string Function, string File, long Line);

/// <summary>Fake Ps Go's parser puts events on.</summary>
public static class TraceProcs
{
    public const int FakeP = 1000000;
    public const int TimerP = FakeP + 1;
    public const int NetpollP = FakeP + 2;
    public const int SyscallP = FakeP + 3;
    public const int GCP = FakeP + 4;
    public const int ProfileP = FakeP + 5;
}

/// <summary>An execution trace as Go's own parser (Go 1.19 internal/trace) returns it: events in order, with their stacks.</summary>
public sealed class ExecutionTrace
{
    /// <summary>Version as major×1000+minor (1019 for `go 1.19 trace`).</summary>
    public required int Version { get; init; }

    public required long TicksPerSecond { get; init; }

    public required IReadOnlyList<TraceEvent> Events { get; init; }

    public required IReadOnlyDictionary<ulong, IReadOnlyList<TraceFrame>> Stacks { get; init; }

    /// <summary>`1.19` for 1019.</summary>
    public string GoVersion => $"{Version / 1000}.{Version % 1000}";

    /// <summary>Go 1.5–1.6 stacks are bare PCs: symbols need the binary.</summary>
    public bool HasSymbols => Version >= 1007;
}
