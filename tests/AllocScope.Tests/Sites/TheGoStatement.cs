using AllocScope.Sites;

namespace AllocScope.Tests.Sites;

public sealed class TheGoStatement
{
    [Theory]
    [InlineData("index[k] = i", "index")]
    [InlineData("ix.Slots[key] += 1", "ix.Slots")]
    [InlineData("m[a][b] = c", "m")]
    [InlineData("counts[n]++", "counts")]
    [InlineData("if m[k] == v {", null)]
    [InlineData("x := m[k]", null)]
    public void Finds_the_name_an_index_write_targets(string line, string? target)
    {
        Assert.Equal(target, GoStatement.Parse(line).IndexWriteTarget);
    }

    [Fact]
    public void Ignores_tokens_inside_strings_and_comments()
    {
        var statement = GoStatement.Parse("s := \"append(x)\" // make(map[string]int)");
        Assert.False(statement.HasAppend);
        Assert.False(statement.HasMakeMap);
    }

    [Theory]
    [InlineData("keys = append(keys, k)", "append")]
    [InlineData("m := make(map[string]int)", "makemap")]
    [InlineData("m := map[string]int{\"a\": 1}", "makemap")]
    [InlineData("b := make([]byte, n)", "makeslice")]
    [InlineData("return func(k string) uint32 {", "func")]
    [InlineData("return &Entry{Key: k}", "addr")]
    [InlineData("w.Write([]byte(k))", "conv")]
    [InlineData("s := fmt.Sprintf(\"%d\", n)", "fmt")]
    [InlineData("key += \".\" + p", "concat")]
    public void Recognises_allocating_shapes(string line, string shape)
    {
        var s = GoStatement.Parse(line);
        var found = shape switch
        {
            "append" => s.HasAppend,
            "makemap" => s.HasMakeMap,
            "makeslice" => s.HasMakeSlice,
            "func" => s.HasFuncLiteral,
            "addr" => s.HasAddressOfComposite,
            "conv" => s.HasStringConversion,
            "fmt" => s.HasFmtCall,
            _ => s.HasStringConcat,
        };
        Assert.True(found, $"{shape} not found in {line}");
    }

    [Theory]
    [InlineData("m := make(map[string]int)", false)]
    [InlineData("m := make(map[string]int, len(keys))", true)]
    [InlineData("m := make(map[string][]int, n)", true)]
    [InlineData("m := make(map[[2]int]string)", false)]
    public void Tells_a_map_make_with_a_size_hint(string line, bool hint)
    {
        Assert.Equal(hint, MapDeclaration.HasHint(GoStatement.StripCommentsAndStrings(line)));
    }
}
