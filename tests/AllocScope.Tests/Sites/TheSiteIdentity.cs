using AllocScope.Sites;
using AllocScope.Taxonomy;

namespace AllocScope.Tests.Sites;

/// <summary>Site ids: stable when lines move, different when what allocates changes.</summary>
public sealed class TheSiteIdentity
{
    private static AllocationSite Site(long line, string statement, AllocationKind kind = AllocationKind.SliceGrowth, string function = "example.com/m.F", string? callee = null) =>
        new() { Function = function, File = "example.com/m/x.go", Line = line, Kind = kind, Statement = statement, Callee = callee };

    private static string IdOf(AllocationSite site)
    {
        SiteIdentity.Assign([site]);
        return site.Id;
    }

    [Fact]
    public void A_site_keeps_its_id_when_its_line_moves_or_its_comment_and_spacing_change()
    {
        var id = IdOf(Site(10, "buf = append(buf, x) // PLANT:slice-growth"));
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(id, IdOf(Site(42, "buf = append(buf, x)")));
        Assert.Equal(id, IdOf(Site(42, "buf  =  append(buf,   x) /* grows */")));
    }

    [Fact]
    public void The_statement_the_function_the_kind_and_the_callee_each_change_the_id()
    {
        var id = IdOf(Site(10, "buf = append(buf, x)"));
        Assert.NotEqual(id, IdOf(Site(10, "buf = append(buf, y)")));
        Assert.NotEqual(id, IdOf(Site(10, "buf = append(buf, x)", function: "example.com/m.G")));
        Assert.NotEqual(id, IdOf(Site(10, "buf = append(buf, x)", AllocationKind.Library)));
        Assert.NotEqual(id, IdOf(Site(10, "buf = append(buf, x)", callee: "strings.Split")));
    }

    [Fact]
    public void String_literals_are_kept_as_written_so_two_statements_differing_only_in_a_literal_differ()
    {
        Assert.Equal("s := \"a  // b\" + t", SiteIdentity.Normalize("s  :=  \"a  // b\"  +  t   // comment"));
        Assert.NotEqual(IdOf(Site(1, "s := \"a\" + t")), IdOf(Site(1, "s := \"b\" + t")));
    }

    [Fact]
    public void Equal_statements_in_one_function_are_told_apart_by_their_order_in_the_file()
    {
        var first = Site(10, "b = append(b, ',')");
        var second = Site(20, "b = append(b, ',')");
        SiteIdentity.Assign([second, first]);
        Assert.NotEqual(first.Id, second.Id);

        var movedFirst = Site(15, "b = append(b, ',')");
        var movedSecond = Site(30, "b = append(b, ',')");
        SiteIdentity.Assign([movedFirst, movedSecond]);
        Assert.Equal((first.Id, second.Id), (movedFirst.Id, movedSecond.Id));
    }

    [Fact]
    public void Without_the_source_the_file_and_line_stand_in_for_the_statement()
    {
        var site = new AllocationSite { Function = "example.com/m.F", File = "example.com/m/x.go", Line = 7, Kind = AllocationKind.Unknown };
        Assert.Contains("x.go:7", SiteIdentity.KeyOf(site), StringComparison.Ordinal);
    }
}
