using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// Go prints an expression's raw strings as written, newlines included, so a message about one runs on over several
/// lines (cmd/go's log has two dozen). Read from a real `go build -gcflags=-m=2`: each is one message, in a serial read
/// and in ranges cut anywhere, even at a line inside it that looks like a message or a package header.
/// </summary>
public sealed class TheRunOnMessages : IDisposable
{
    private const string Source = """
        package rawm

        import "fmt"

        func Wrap(path string) error {
        	return fmt.Errorf(`parsing %s:
        	first line (with parens)
        	second: line`, path)
        }

        func Quote() []byte {
        	return []byte(fmt.Sprintf(`a "quoted" ) line
        and '}' another`, "`", '`'))
        }

        func Listing() error {
        	return fmt.Errorf(`want:
        x.go:1:2: y escapes to heap
        # not a package`)
        }

        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("allocscope run-on ");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Each_is_one_message_with_its_newlines()
    {
        var log = Log(copies: 1);
        var read = EscapeLogReader.Read(log);
        Assert.Equal(0, read.Unrecognized.Count);
        Assert.Equal(0, read.ForeignLineCount);

        // The summaries Go printed (two of them run on over lines), in log order.
        Assert.Equal(
        [
            (5, 11, EscapeVerdict.LeakingParam), (6, 19, EscapeVerdict.DoesNotEscape), (6, 20, EscapeVerdict.EscapesToHeap),
            (12, 15, EscapeVerdict.EscapesToHeap), (12, 27, EscapeVerdict.DoesNotEscape), (13, 19, EscapeVerdict.EscapesToHeap),
            (13, 24, EscapeVerdict.EscapesToHeap),
        ], read.Decisions.Select(d => (d.Line, d.Column, d.Verdict)));
        Assert.Equal(["Wrap", "Quote", "Listing"], read.InliningDecisions.Select(d => d.Function));
        var conversion = Assert.Single(read.Decisions, d => d.Expression.StartsWith("([]byte)(fmt.Sprintf(`a \"quoted\" ) line\nand '}' another`", StringComparison.Ordinal));
        Assert.Equal((EscapeVerdict.EscapesToHeap, "Quote", 12), (conversion.Verdict, conversion.Function, conversion.Line));
        Assert.Contains(conversion.Flow, s => s.Text.StartsWith("return ([]byte)(fmt.Sprintf(`a", StringComparison.Ordinal) && s.Tag == "return");
        var path = Assert.Single(read.Decisions, d => d.Expression == "path" && d.Escapes);
        Assert.Contains(path.Flow, s => s.Tag == "call parameter" && s.Text.Contains("\n\tsecond: line`", StringComparison.Ordinal));

        // The look-alike lines inside a raw string are neither a decision nor a package.
        Assert.DoesNotContain(read.Decisions, d => d.File == "x.go");
        Assert.Equal(["rawm"], read.Decisions.Select(d => d.Package).Distinct());
        Assert.Contains(read.InliningDecisions, d => d.Function == "Listing" && d.Message.EndsWith("# not a package`) }", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_in_markdown_as_one_code_span_a_line()
    {
        var result = CliRunner.Run("escape", Log(copies: 1), "--format", "markdown");
        Assert.True(result.ExitCode == 0, result.Error);
        var decisions = result.Output[result.Output.IndexOf("## Decisions\n", StringComparison.Ordinal)..].Split('\n').Skip(2).TakeWhile(l => l.Length > 0).ToList();
        Assert.All(decisions, l => Assert.Matches(@"^(- |  - )", l));
        Assert.Contains("- `./raw.go:12:15` `Quote` `` ([]byte)(fmt.Sprintf(`a \"quoted\" ) line⏎and '}' another`, ... argument...)) `` — ", result.Output,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(5000)]
    public void Read_in_ranges_they_give_what_a_serial_read_gives(int parts)
    {
        var log = Log(copies: 30);
        var serial = EscapeLogReader.Read(log);
        using var input = InputFile.Open(log, new InputLimits());
        var (scan, read) = EscapeLogScan.Run(input, null, () => new List<EscapeDecision>(), (list, p) => list.AddRange(p.Decisions), parts,
            cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(serial.Decisions.Select(MultiPackageLog.Describe), read.Select(MultiPackageLog.Describe));
        Assert.Equal((serial.Lines, 0L, 0L), (scan.Lines, scan.UnrecognizedCount, scan.ForeignCount));

        // Cut at nearly every line, some cut falls inside a run-on message (at `x.go:1:2: ...`): the file is read serially.
        using var again = InputFile.Open(log, new InputLimits());
        var ranges = new EscapeLogRanges(again, null, parts);
        _ = ranges.Packages(TestContext.Current.CancellationToken).ToList();
        if (parts == 5000)
        {
            Assert.True(ranges.CutInsideMessage);
        }
    }

    [Fact]
    public void A_raw_string_that_never_closes_leaves_its_lines_to_be_read_one_by_one()
    {
        var log = Path.Combine(_directory.FullName, "open.txt");
        File.WriteAllText(log, "# p\n./x.go:3:6: a message nobody knows, `open\n./x.go:4:2: y escapes to heap\n");
        var read = EscapeLogReader.Read(log);
        Assert.Equal(3, read.Lines);
        Assert.Equal(("./x.go", 4, "y"), (Assert.Single(read.Decisions).File, read.Decisions[0].Line, read.Decisions[0].Expression));
        Assert.Equal(1, read.Unrecognized.Count);
    }

    // The log of `go build -gcflags=-m=2` on the package above, `copies` times over (as packages of their own).
    private string Log(int copies)
    {
        GoTool.Require();
        var module = _directory.CreateSubdirectory("rawm").FullName;
        File.WriteAllText(Path.Combine(module, "go.mod"), "module rawm\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(module, "raw.go"), Source);
        var output = GoTool.Run(module, "build", "-gcflags=-m=2", ".").StandardError;
        var log = Path.Combine(_directory.FullName, $"m2-{copies}.txt");
        File.WriteAllText(log, string.Concat(Enumerable.Repeat(output, copies)));
        return log;
    }
}
