namespace AllocScope.Trace;

/// <summary>
/// One v1 event as the merge carries it (a value, so millions of events cost no objects): what <see cref="TraceEvent"/>
/// holds, with <see cref="Ts"/> in CPU ticks and string arguments still as string ids.
/// </summary>
internal struct TraceV1Raw
{
    public long Off;
    public TraceEventType Type;
    public int P;
    public ulong G;
    public long Ts;
    public long Seq;
    public ulong Arg0;
    public ulong Arg1;
    public ulong Arg2;
    public ulong StackId;

    /// <summary>Where a UserLog's message starts in the file, and how long it is.</summary>
    public long LogOff;
    public int LogLength;
}
