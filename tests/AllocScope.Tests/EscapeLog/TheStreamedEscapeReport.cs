using AllocScope.App.Hosting;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// `allocscope escape FILE` reads a text log twice: a first pass counts on all cores (in ranges, <see cref="TheEscapeLogRanges"/>),
/// a second streams the decisions while they are written. Both must say exactly what one whole read says.
/// </summary>
public sealed class TheStreamedEscapeReport : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"allocscope-multi-{Guid.NewGuid():N}.txt");

    public TheStreamedEscapeReport() => MultiPackageLog.Write(_log);

    public void Dispose() => File.Delete(_log);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(64)]
    public void A_scan_in_parts_counts_what_one_whole_read_finds(int parts)
    {
        var whole = EscapeLogReader.Read(_log);
        using var input = InputFile.Open(_log, new InputLimits());
        var (scan, decisions) = EscapeLogScan.Run(input, null, () => new List<EscapeDecision>(), (list, package) => list.AddRange(package.Decisions), parts, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(whole.Lines, scan.Lines);
        Assert.Equal(whole.Packages.Count, scan.Packages);
        Assert.Equal(whole.Unrecognized.Count, scan.UnrecognizedCount);
        Assert.Equal(whole.Unrecognized.Examples, scan.UnrecognizedExamples);
        Assert.Equal(whole.ForeignLineCount, scan.ForeignCount);
        Assert.Equal(whole.ForeignLines, scan.ForeignLines);
        Assert.Equal(whole.Decisions.Select(MultiPackageLog.Describe), decisions.Select(MultiPackageLog.Describe));
        Assert.True(parts == 1 || scan.Parts > 1, "the log has several packages: it must be cut");
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

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("markdown")]
    public void The_summary_is_the_full_report_without_its_decisions(string format)
    {
        var full = CliRunner.Run(["escape", _log, "--format", format]);
        var summary = CliRunner.Run(["escape", _log, "--format", format, "--summary"]);
        Assert.Equal((0, 0), (full.ExitCode, summary.ExitCode));
        if (format == "json")
        {
            using var fullJson = System.Text.Json.JsonDocument.Parse(full.Output);
            using var summaryJson = System.Text.Json.JsonDocument.Parse(summary.Output);
            var kept = fullJson.RootElement.EnumerateObject().Where(p => p.Name != "decisions").Select(p => $"{p.Name}={p.Value.GetRawText()}");
            Assert.Equal(kept, summaryJson.RootElement.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetRawText()}"));
            return;
        }

        Assert.True(summary.Output.Length < full.Output.Length / 4, "the decisions are left out");
        var totals = full.Output[..full.Output.IndexOf(format == "text" ? "\ndecisions:\n" : "\n## Decisions\n", StringComparison.Ordinal)];
        Assert.StartsWith(totals.TrimEnd(), summary.Output, StringComparison.Ordinal);
    }
}
