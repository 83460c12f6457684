using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// Whose allocation a site is: the code under study, its tests and benchmarks (a `_test.go` line: input set-up,
/// scaffolding), or the testing harness itself (no frame of the code at all, `testing.*` on the stack). Reports rank the
/// code and say how much the rest holds; `--include-tests` ranks them all.
/// </summary>
public enum SiteScope
{
    Code,
    Test,
    Harness,

    /// <summary>The code under study (or a library) called from a benchmark while its timer was stopped: counted by the profile, not by B/op.</summary>
    SetUp,
}

public static class SiteScopes
{
    public static string Id(this SiteScope scope) => StableIds.Of(scope);
}
