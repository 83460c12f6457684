using AllocScope.EscapeLog;
using AllocScope.Taxonomy;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>Kinds and reasons of the planted allocations of examples/hotspots (plain build), as the product defines them.</summary>
public sealed class TheEscapeClassifier
{
    // What each planted line must be classified as: written from PRODUCT.md and the source, not from our output.
    // null: Go 1.19's escape analysis reports no heap decision on that line (the allocation happens in the runtime
    // or a library as the map or slice grows, which only the profile shows).
    public static TheoryData<string, string?, string?> PlainPlants => new()
    {
        { "map-make", "map-new", "returned" },
        { "map-growth", null, null },
        { "map-new", "map-new", "call-parameter" },
        { "slice-growth", null, null },
        { "slice-make", "slice-make", "returned" },
        { "nonconst-size", "nonconst-size", "non-constant-size" },
        { "too-large", "too-large", "too-large-for-stack" },
        { "closure", "closure", "captured-by-closure" },
        { "interface-box", "interface-box", "interface-converted" },
        { "string-bytes", "string-bytes", "call-parameter" },
        { "string-concat", "string-concat", "address-taken" },
        { "new-object", "new-object", "returned" },
        { "library", null, null },
    };

    [Theory]
    [MemberData(nameof(PlainPlants))]
    public void Classifies_each_planted_line_of_the_recorded_log(string plant, string? kind, string? reason) =>
        AssertPlant(EscapeLogReader.Read(Repo.Fixture("m2.txt"), Repo.Example()), plant, kind, reason);

    [Theory]
    [MemberData(nameof(PlainPlants))]
    public void Classifies_each_planted_line_of_the_json0_log(string plant, string? kind, string? reason) =>
        AssertPlant(EscapeLogReader.Read(Repo.Fixture("json0"), Repo.Example()), plant, kind, reason);

    [Fact]
    public void Classifies_each_planted_line_of_a_fresh_compile()
    {
        var result = GoTool.Run(Repo.Example(), "build", "-gcflags=-m=2", ".");
        var log = EscapeLogReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(result.StandardError)), "go build -gcflags=-m=2", Repo.Example());
        Assert.Equal(0, log.Unrecognized.Count);
        foreach (var row in PlainPlants)
        {
            var (plant, kind, reason) = row.Data;
            AssertPlant(log, plant, kind, reason);
        }
    }

    [Theory]
    [InlineData("make(map[string]int)", "map-new")]
    [InlineData("map[string]int{...}", "map-new")]
    [InlineData("make([]int, n)", "slice-make")]
    [InlineData("[]string{...}", "slice-make")]
    [InlineData("... argument", "slice-make")]
    [InlineData("new(T)", "new-object")]
    [InlineData("&T{...}", "new-object")]
    [InlineData("make(chan int)", "new-object")]
    [InlineData("func literal", "closure")]
    [InlineData("([]byte)(s)", "string-bytes")]
    [InlineData("([]rune)(s)", "string-bytes")]
    [InlineData("string(b)", "string-bytes")]
    [InlineData("s0 + s1", "string-concat")]
    [InlineData("\"PWD=\" + dir", "string-concat")]
    [InlineData("append(s, x)", "slice-growth")]
    public void Knows_allocating_expression_shapes(string expression, string kind) =>
        Assert.Equal(kind, EscapeClassifier.KindOfExpression(expression)?.Id());

    [Theory]
    [InlineData("x")]
    [InlineData("~R0")]
    [InlineData("n + 1")]
    [InlineData("len(m)")]
    [InlineData("T{...}")]
    public void Leaves_value_expressions_to_the_interface_conversion_rule(string expression) =>
        Assert.Null(EscapeClassifier.KindOfExpression(expression));

    private static void AssertPlant(AllocScope.EscapeLog.CompilerLog log, string plantKind, string? kind, string? reason)
    {
        var plant = Plants.Find("plain.go", plantKind);
        var heap = log.DecisionsAt(Repo.Example("plain.go"), plant.Line).Where(d => d.Escapes).ToList();
        if (kind is null)
        {
            Assert.True(heap.Count == 0, $"{plant.Text}: expected no heap decision, got {string.Join("; ", heap)}");
            return;
        }

        Assert.True(heap.Count > 0, $"{plant.Text}: no heap decision at plain.go:{plant.Line}");
        Assert.All(heap, d => Assert.Equal((kind, reason), (d.Kind.Id(), d.Reason.Id())));
    }
}
