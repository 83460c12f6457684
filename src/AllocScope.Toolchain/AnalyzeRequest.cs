namespace AllocScope.Toolchain;

/// <summary>What `allocscope analyze` runs, and where it keeps every artifact.</summary>
public sealed record AnalyzeRequest
{
    /// <summary>The module directory (where go.mod is, or below it).</summary>
    public required string Directory { get; init; }

    public IReadOnlyList<string> Packages { get; init; } = ["./..."];

    /// <summary>Benchmarks to run (`go test -bench`), or null.</summary>
    public string? Bench { get; init; }

    /// <summary>Tests to run (`go test -run`), or null.</summary>
    public string? Test { get; init; }

    /// <summary>
    /// A command to run instead of tests; `{profile}` in it is replaced by the heap profile path it must write, and
    /// `{memprofilerate}` by 1 (exact) or Go's default 524288. GODEBUG=memprofilerate=1 is set too, but Go 1.19's
    /// runtime overwrites it while initializing, so a program should take the rate as a flag.
    /// </summary>
    public string? Run { get; init; }

    /// <summary>Record every allocation (memprofilerate 1) rather than sampling.</summary>
    public bool Exact { get; init; } = true;

    /// <summary>Extra `-tags` for every go command.</summary>
    public string? Tags { get; init; }

    /// <summary>Benchmark duration flag value (`-benchtime`), e.g. `100x`.</summary>
    public string? BenchTime { get; init; }

    /// <summary>Record an execution trace of each test run (`go test -trace`).</summary>
    public bool Trace { get; init; }

    /// <summary>Run each top-level benchmark the pattern matches on its own, one profile and output each.</summary>
    public bool PerBenchmark { get; init; }

    public required string OutputDirectory { get; init; }
}

/// <summary>The files an analysis produced.</summary>
public sealed record AnalyzeArtifacts(
    string OutputDirectory,
    string EscapeLog,
    string JsonLogDirectory,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<string> TestOutputs,
    string GoVersion,
    IReadOnlyList<string> Commands)
{
    /// <summary>The escape log as parsed while the compiler wrote it (the same as reading escape.txt back).</summary>
    public EscapeLog.CompilerLog? Log { get; init; }

    /// <summary>Execution traces of the test runs (`analyze --trace`), one per run.</summary>
    public IReadOnlyList<string> Traces { get; init; } = [];

    /// <summary>The GODEBUG=gctrace=1 lines of those runs, taken out of the test output (`analyze --trace`).</summary>
    public IReadOnlyList<string> GcTraces { get; init; } = [];
}
