using AllocScope.Sites;
using AllocScope.Taxonomy;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Sites;

/// <summary>The README's tables list every kind, reason and fix action id the outputs can carry.</summary>
public sealed class TheDocumentedIds
{
    private static readonly string s_readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

    [Fact]
    public void Every_kind_reason_and_fix_action_has_a_row_in_the_readme()
    {
        var ids = Enum.GetValues<AllocationKind>().Select(k => k.Id())
            .Concat(Enum.GetValues<EscapeReason>().Select(r => r.Id()))
            .Concat(Enum.GetValues<FixAction>().Select(a => a.Id()));
        Assert.All(ids, id => Assert.Contains($"\n| `{id}` |", s_readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_fix_action_has_a_text_in_the_fix_table()
    {
        var table = File.ReadAllLines(Path.Combine(Repo.Root, "src", "AllocScope.Core", "Sites", "fixes.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToHashSet();
        Assert.All(Enum.GetValues<FixAction>(), a => Assert.Contains(a.Id(), table));
    }
}
