namespace AllocScope.Sites;

/// <summary>One frame of an allocation stack, inlined frames expanded as pprof does.</summary>
public sealed record StackFrame(string Function, string File, long Line, long Column, string? InlinedInto);

/// <summary>One weighted allocation stack as the join needs it: its frames, leaf first, and its four heap values.</summary>
public sealed record AllocationSample(IReadOnlyList<StackFrame> Frames, long AllocObjects, long AllocBytes, long InuseObjects, long InuseBytes, long Value)
{
    /// <summary>
    /// The runtime cut the stack: it has as many PCs as the runtime records (<see cref="Go.GoVersions.MemProfileStackDepth"/>)
    /// and its root is not where goroutines start (runtime.goexit, runtime.main), so the frames nearest the root are missing.
    /// </summary>
    public bool Truncated { get; init; }
}

/// <summary>How far the counts of a stack source can be trusted.</summary>
public sealed record StackPrecision
{
    private StackPrecision(bool isExact, long samplingRate)
    {
        IsExact = isExact;
        SamplingRate = samplingRate;
    }

    /// <summary>Every allocation was recorded (memprofilerate 1, a probe on every malloc).</summary>
    public static StackPrecision Exact { get; } = new(true, 1);

    /// <summary>True when every allocation was recorded.</summary>
    public bool IsExact { get; }

    /// <summary>On average one sample per this many bytes (1 when exact); the values are unsampled estimates.</summary>
    public long SamplingRate { get; }

    public static StackPrecision Sampled(long bytesPerSample) => new(false, bytesPerSample);
}

/// <summary>
/// Weighted allocation stacks from any source (heap profiles, live probes, traces) with what their values count:
/// the join ranks sites by <see cref="SampleType"/> and says how precise the numbers are.
/// </summary>
public sealed record AllocationStacks(string SampleType, string Unit, StackPrecision Precision, IEnumerable<AllocationSample> Samples);
