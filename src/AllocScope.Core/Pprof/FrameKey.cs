namespace AllocScope.Pprof;

/// <summary>What identifies one node of a view: the function, and at line granularity its file and line.</summary>
public readonly record struct FrameKey(string Name, string File, long Line);
