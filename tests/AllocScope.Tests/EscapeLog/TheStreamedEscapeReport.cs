using AllocScope.App.Hosting;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// `allocscope escape FILE` reads a text log twice: a first pass counts on all cores (cut at `# package` headers), a
/// second streams the decisions while they are written. Both must say exactly what one whole read says.
/// </summary>
public sealed class TheStreamedEscapeReport : IDisposable
{
    // Real Go output: the corpus logs of four standard-library packages and the example, one after the other (as one
    // `go build -gcflags=-m=2 ./...` prints several packages), with a foreign line and an unknown one in the middle.
    private static readonly string[] s_corpus = ["encoding-csv", "go-parser", "regexp", "compress-flate"];
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"allocscope-multi-{Guid.NewGuid():N}.txt");

    public TheStreamedEscapeReport()
    {
        var parts = s_corpus
            .Select(p => File.ReadAllText(Path.Combine(Repo.Root, "testdata", "std", p, "m2.txt"))).ToList();
        parts.Insert(2, "go: downloading example.com/x v1.0.0\n./odd.go:1:2: a message of a shape nobody knows\n");
        parts.Add(File.ReadAllText(Repo.Fixture("m2.txt")));
        File.WriteAllText(_log, string.Concat(parts));
    }

    public void Dispose() => File.Delete(_log);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void A_scan_in_parts_counts_what_one_whole_read_finds(int parts)
    {
        var whole = EscapeLogReader.Read(_log);
        using var input = InputFile.Open(_log, new InputLimits());
        var (scan, states) = EscapeLogScan.Run(input, null, () => new List<EscapeDecision>(), (list, package) => list.AddRange(package.Decisions), parts);
        Assert.Equal(whole.Lines, scan.Lines);
        Assert.Equal(whole.Packages.Count, scan.Packages);
        Assert.Equal(whole.Unrecognized.Count, scan.UnrecognizedCount);
        Assert.Equal(whole.Unrecognized.Examples, scan.UnrecognizedExamples);
        Assert.Equal(whole.ForeignLineCount, scan.ForeignCount);
        Assert.Equal(whole.ForeignLines, scan.ForeignLines);
        Assert.Equal(whole.Decisions.Select(Describe), states.SelectMany(s => s).Select(Describe));
        Assert.True(parts == 1 || states.Count > 1, "the log has several packages: it must be cut");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("markdown")]
    public void The_streamed_report_of_a_file_is_the_whole_report_of_the_same_log_on_standard_input(string format)
    {
        foreach (var extra in new[] { Array.Empty<string>(), ["--heap-only", "--by", "kind"] })
        {
            var streamed = CliRunner.Run(["escape", _log, "--format", format, .. extra]);
            var output = new StringWriter();
            var error = new StringWriter();
            using var stdin = File.OpenRead(_log);
            var console = new TextConsole(output, error, stdin);
            var code = AllocScope.Cli.AllocScopeCli.Run(["escape", "-", "--format", format, .. extra], console, CancellationToken.None);
            Assert.Equal((0, 0), (streamed.ExitCode, code));
            Assert.Equal(output.ToString().Replace("`-`", $"`{_log}`").Replace("escape log -:", $"escape log {_log}:").Replace("\"source\": \"-\"", $"\"source\": \"{_log}\""),
                streamed.Output);
        }
    }

    private static string Describe(EscapeDecision d) => $"{d.Package} {d.Position} {d.Expression} {d.Verdict} {d.Reason} {d.Flow.Count}";
}
