using System.Text;
using AllocScope.GoSource;

namespace AllocScope.Tests.GoSource;

/// <summary>A Go source file is read once into one buffer (pooled for the escape-log reader) and split into lines on demand.</summary>
public sealed class TheGoSourceFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("allocscope source ").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("package p\nfunc F() {}\n")]
    [InlineData("package p\r\nfunc F() {}")]
    [InlineData("a\rb\r\n\r\nc\n\n")]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\uFEFFpackage p\n// é, 世界\n")]
    public void Has_the_lines_File_ReadAllLines_reads(string text)
    {
        var path = Path.Combine(_directory, "x.go");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        foreach (var pooled in new[] { false, true })
        {
            var cache = new SourceFileCache(pooled);
            var file = cache.Get(path)!;
            Assert.Equal(File.ReadAllLines(path), file.Lines);
            Assert.Equal(File.ReadAllLines(path).Length, file.Lines.Count);
            Assert.Equal(File.ReadAllLines(path).FirstOrDefault() ?? "", file.Line(1));
            Assert.Equal("", file.Line(file.Lines.Count + 1));
            cache.ReturnBuffers();
        }
    }

    [Fact]
    public void Finds_the_top_level_function_of_a_line()
    {
        var path = Path.Combine(_directory, "functions.go");
        File.WriteAllLines(path, ["package p", "", "func F() {", "	println()", "}", "", "func (t *T) M() {}"]);
        var cache = new SourceFileCache(pooled: true);
        var file = cache.Get(path)!;
        Assert.Equal("F", file.FunctionAt(4));
        Assert.Null(file.FunctionAt(6));
        Assert.Equal("(*T).M", file.FunctionAt(7));
        Assert.Null(cache.Get(Path.Combine(_directory, "missing.go")));
        cache.ReturnBuffers();
    }
}
