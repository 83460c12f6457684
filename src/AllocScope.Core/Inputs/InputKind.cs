namespace AllocScope.Inputs;

/// <summary>What a file looks like from its first bytes; used to pick a reader and to say what a wrong file is.</summary>
public enum InputKind
{
    Empty,
    Unknown,
    Gzip,
    PprofProto,
    LegacyHeapProfile,
    LegacyCountProfile,
    LegacyContentionProfile,
    LegacyCpuProfile,
    ExecutionTrace,
    EscapeLog,
    EscapeJsonLog,
    GcTrace,
    BenchmarkOutput,
    ElfBinary,
}
