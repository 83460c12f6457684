using System.Diagnostics;
using System.Text;
using AllocScope.GoSource;

namespace AllocScope.Tests.GoSource;

/// <summary>Where a func literal ends, found in the source's bytes as the compiler counts positions (columns in bytes, lines at `\n`).</summary>
public sealed class TheFuncLiteralEnds : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("allocscope literals ").FullName;
    private readonly FuncLiteralEnds _ends = new();

    public void Dispose()
    {
        _ends.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static readonly string[] s_closure =
    [
        "package p",
        "",
        "func F() func() string {",
        "\treturn func() string {",
        "\t\ts := \"}\" + `{",
        "}` // }",
        "\t\t/* } */ r := '}'",
        "\t\t/* {",
        "\t\t} */",
        "\t\t_ = r + '\\''",
        "\t\treturn s",
        "\t}",
        "}",
    ];

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Skips_braces_in_strings_runes_raw_strings_and_comments(string newline)
    {
        var path = Write("closure.go", string.Join(newline, s_closure) + newline);
        Assert.Equal(12, _ends.Find(path, 4, 9));
        Assert.Equal(13, _ends.Find(path, 3, 1));
    }

    [Fact]
    public void Reads_the_column_in_bytes()
    {
        // go build -gcflags=-m (Go 1.19) prints this literal at 3:36, after ten two-byte `é`: the 36th byte, the 26th character.
        // Read as a character index, the scan would start past the body's `{` and run on to the next literal's end.
        var path = Write("bytes.go", "package p\n\nvar s, f = \"éééééééééé\", func() {\n\tprintln(\"{\")\n}\nvar g = func() {\n}\n");
        Assert.Equal(5, _ends.Find(path, 3, 36));
        Assert.Equal(7, _ends.Find(path, 6, 9));
    }

    [Fact]
    public void Skips_a_byte_order_mark_and_counts_only_newlines_as_line_ends()
    {
        var path = Write("bom.go", "\uFEFFpackage p\n\nvar f = func() {\r\t_ = 1\n}\n");
        Assert.Equal(4, _ends.Find(path, 3, 9));
    }

    [Fact]
    public void Is_null_for_a_missing_file_an_unclosed_body_or_a_line_past_the_end()
    {
        var open = Write("open.go", "package p\n\nvar f = func() {\n\t_ = `}\n");
        Assert.Null(_ends.Find(Path.Combine(_directory, "missing.go"), 1, 1));
        Assert.Null(_ends.Find(open, 3, 9));
        Assert.Null(_ends.Find(open, 40, 1));
    }

    [Fact]
    public async Task Reads_a_FIFO_or_an_empty_file_as_empty_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_directory, "fifo.go");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        var empty = Write("empty.go", "");
        var read = Task.Run(() =>
        {
            var cache = new SourceFileCache();
            return (_ends.Find(fifo, 1, 1), _ends.Find(empty, 1, 1), cache.Get(fifo)?.Lines.Count, cache.Get(empty)?.Lines.Count);
        }, TestContext.Current.CancellationToken);
        var result = await read.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(((int?)null, (int?)null, (int?)0, (int?)0), result);
    }

    [Fact]
    public void Reads_each_file_it_is_asked_about_in_turn()
    {
        var first = Write("a.go", string.Join("\n", s_closure));
        var second = Write("b.go", "package p\n\nvar f = func() {\n}\n");
        Assert.Equal(12, _ends.Find(first, 4, 9));
        Assert.Equal(4, _ends.Find(second, 3, 9));
        Assert.Equal(12, _ends.Find(first, 4, 9));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
