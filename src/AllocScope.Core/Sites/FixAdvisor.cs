using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>A concrete change and what it should do to the site's allocations.</summary>
public sealed record Fix(string Action, string ExpectedEffect)
{
    public override string ToString() => $"{Action} (expected: {ExpectedEffect})";
}

/// <summary>Turns a classified site into the change a Go performance engineer would make.</summary>
public static class FixAdvisor
{
    public static Fix For(AllocationKind kind, EscapeReason reason, string? callee, MapDeclaration? map, string statement)
    {
        if (kind == AllocationKind.MapGrowth)
        {
            return MapGrowthFix(map);
        }

        if (FixCatalog.Find(kind, reason, callee) is { } fix)
        {
            return fix;
        }

        return kind == AllocationKind.Library
            ? new Fix(callee is null ? "the allocation happens in a dependency called from this line: call it less often or use an allocation-free variant"
                : $"the allocation happens inside {callee}: call it less often (hoist it out of loops, cache its result) or use an allocation-free variant",
                "fewer calls, fewer allocations")
            : new Fix($"look at the statement `{statement}`: the evidence did not identify the allocation", "-");
    }

    private static Fix MapGrowthFix(MapDeclaration? map)
    {
        const string growsOnce = "the bucket array is allocated once at its final size instead of growing while keys are inserted";
        if (map is null)
        {
            return new Fix("give the map a size hint: make(map[K]V, n) with the expected number of keys", growsOnce);
        }

        var where = $"{Path.GetFileName(map.File)}:{map.Line}";
        return map.HasSizeHint
            ? new Fix($"raise the size hint of the map made at {where} to the expected number of keys", growsOnce)
            : new Fix($"add a size hint to the map's make at {where} (`{map.Text}`): make(map[K]V, n) with the expected number of keys",
                "the bucket array is allocated once at its final size instead of doubling (and being copied) as keys are inserted");
    }
}
