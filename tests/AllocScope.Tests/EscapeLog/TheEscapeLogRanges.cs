using System.Text;
using AllocScope.EscapeLog;
using AllocScope.Inputs;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// A log file read in ranges on all cores: cut anywhere a message is not indented, so packages (the standard library's
/// go/types is 185 of its 220 MB) are split between ranges and joined again. Every cut must give exactly the packages of
/// one serial read, in the same order.
/// </summary>
public sealed class TheEscapeLogRanges : IDisposable
{
    private readonly string _log = Path.Combine(Path.GetTempPath(), $"allocscope ranges {Guid.NewGuid():N}.txt");

    public TheEscapeLogRanges() => MultiPackageLog.Write(_log);

    public void Dispose() => File.Delete(_log);

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(32)]
    [InlineData(200)]
    [InlineData(5000)]
    public void Every_cut_gives_the_packages_of_one_serial_read(int parts)
    {
        var serial = Packages();
        using var input = InputFile.Open(_log, new InputLimits());
        var ranges = new EscapeLogRanges(input, null, parts);
        var packages = ranges.Packages(TestContext.Current.CancellationToken).ToList();
        Assert.Equal(serial.Select(p => p.Package), packages.Select(p => p.Package));
        Assert.Equal(serial.SelectMany(p => p.Decisions).Select(MultiPackageLog.Describe), packages.SelectMany(p => p.Decisions).Select(MultiPackageLog.Describe));
        Assert.Equal(serial.SelectMany(p => p.InliningDecisions).Select(Describe), packages.SelectMany(p => p.InliningDecisions).Select(Describe));
        Assert.Equal(serial.SelectMany(p => p.Notes).Select(Describe), packages.SelectMany(p => p.Notes).Select(Describe));
        var whole = EscapeLogReader.Read(_log);
        var scan = ranges.Scan();
        Assert.Equal((whole.Lines, whole.Unrecognized.Count, whole.ForeignLineCount), (scan.Lines, scan.UnrecognizedCount, scan.ForeignCount));
        Assert.Equal(whole.Unrecognized.Examples, scan.UnrecognizedExamples);
        Assert.Equal(whole.ForeignLines, scan.ForeignLines);
        if (parts >= 32)
        {
            Assert.True(scan.Parts > 2 * packages.Count, $"{scan.Parts} ranges for {packages.Count} packages: packages must be cut inside");
        }
    }

    [Fact]
    public void A_read_that_only_counts_classifies_every_decision_as_the_full_read_does()
    {
        var full = Packages().SelectMany(p => p.Decisions).ToList();
        using var input = InputFile.Open(_log, new InputLimits());
        var (scan, counted) = EscapeLogScan.Run(input, null, () => new List<EscapeDecision>(), (list, p) => list.AddRange(p.Decisions), parts: 16, keepDetail: false, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(full.Select(MultiPackageLog.Classification), counted.Select(MultiPackageLog.Classification));
        Assert.Contains(full, d => d.Flow.Count > 0);
        Assert.All(counted, d => Assert.Empty(d.Flow));
        Assert.True(scan.Parts > 1);

        // Without steps or text most explanations say the same, and alike ones are one object.
        var explanations = counted.SelectMany(d => d.Explanations).ToList();
        var objects = explanations.Distinct(ReferenceEqualityComparer.Instance).Count();
        Assert.True(objects * 3 < explanations.Count, $"{objects} objects for {explanations.Count} explanations");

        // The serial read of a pipe-like input that only counts classifies the same way.
        using var whole = InputFile.Open(_log, new InputLimits());
        var (_, serial) = EscapeLogScan.Run(whole, null, () => new List<EscapeDecision>(), (list, p) => list.AddRange(p.Decisions), parts: 1, keepDetail: false, cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(full.Select(MultiPackageLog.Classification), serial.Select(MultiPackageLog.Classification));
    }

    [Fact]
    public void A_read_that_only_counts_keeps_the_inlining_declarations_and_counts_the_call_sites()
    {
        var full = Packages();
        using var input = InputFile.Open(_log, new InputLimits());
        var (_, counted) = EscapeLogScan.Run(input, null, () => new List<EscapeLogPackage>(), (list, p) => list.Add(p), parts: 16, keepDetail: false,
            cancellation: TestContext.Current.CancellationToken);
        Assert.Equal(full.Select(p => (p.Package, p.InliningDecisions.Count)), counted.Select(p => (p.Package, p.InliningCount)));
        Assert.Equal(full.Select(p => (p.Package, p.InliningCount)), counted.Select(p => (p.Package, p.InliningCount)));
        Assert.Contains(full.SelectMany(p => p.InliningDecisions), d => !d.IsAtDeclaration);
        Assert.Equal(
            full.SelectMany(p => p.InliningDecisions).Where(d => d.IsAtDeclaration).Select(d => (d.Position, d.Function, d.Verdict)),
            counted.SelectMany(p => p.InliningDecisions).Select(d => (d.Position, d.Function, d.Verdict)));
    }

    [Theory]
    [InlineData("# go/types", true)]
    [InlineData("# example.com/m [example.com/m.test]", true)]
    [InlineData("/usr/lib/go/src/go/types/expr.go:12:5: x escapes to heap:", true)]
    [InlineData("./x.go:3:6: can inline F", true)]
    [InlineData("x.go:3: leaking param: p", true)]
    [InlineData("<unknown line number>: moved to heap: x", true)]
    [InlineData("./x.go:3:6: ", true)]
    [InlineData("./x.go:3:6:   flow: {heap} = &x:", false)]
    [InlineData("./x.go:3:6:     from &x (address-of) at ./x.go:3:6", false)]
    [InlineData("go: downloading example.com/x v1.0.0", false)]
    [InlineData("ok  \texample.com/m\t0.01s", false)]
    [InlineData("\uFEFF./x.go:3:6: can inline F", false)]
    public void Ranges_start_only_where_no_explanation_runs_across(string line, bool start) =>
        Assert.Equal(start, EscapeLogRanges.IsRangeStart(Encoding.UTF8.GetBytes(line)));

    [Fact]
    public void A_line_too_long_in_some_range_is_reported_as_the_serial_read_reports_it()
    {
        MultiPackageLog.Write(_log, $"./x.go:1:2: can inline {new string('F', 2 << 20)}\n");
        var limits = new InputLimits { MaxStringBytes = 1 << 20 };
        using var serialInput = InputFile.Open(_log, limits);
        var serial = Assert.Throws<InputFormatException>(() => EscapeLogScan.Run(serialInput, null, () => 0, (_, _) => { }, parts: 1, cancellation: TestContext.Current.CancellationToken));
        using var input = InputFile.Open(_log, limits);
        var ranged = Assert.Throws<InputFormatException>(() => EscapeLogScan.Run(input, null, () => 0, (_, _) => { }, parts: 16, cancellation: TestContext.Current.CancellationToken));
        Assert.Equal(serial.Message, ranged.Message);
        Assert.Contains("line ", ranged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_memory_budget_used_up_in_ranges_is_reported_as_the_serial_read_reports_it()
    {
        var serial = Assert.Throws<InputLimitException>(() => Scan(1, new MemoryBudget(256 << 10)));
        var ranged = Assert.Throws<InputLimitException>(() => Scan(16, new MemoryBudget(256 << 10)));
        Assert.Equal(serial.Message, ranged.Message);

        void Scan(int parts, MemoryBudget memory)
        {
            using var input = InputFile.Open(_log, new InputLimits { Memory = memory });
            EscapeLogScan.Run(input, null, () => 0, (_, _) => { }, parts, cancellation: TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public void A_reader_stopped_early_cancels_its_ranges_without_an_error()
    {
        using var input = InputFile.Open(_log, new InputLimits());
        var first = new EscapeLogRanges(input, null, 64).Packages(TestContext.Current.CancellationToken).First();
        Assert.Equal("encoding/csv", first.Package);
        Assert.Equal(Packages().Count, new EscapeLogRanges(input, null, 64).Packages(TestContext.Current.CancellationToken).Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void Ctrl_c_stops_the_scan_with_a_cancellation_not_a_result(int parts)
    {
        using var input = InputFile.Open(_log, new InputLimits());
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            EscapeLogScan.Run(input, null, () => 0, (_, _) => { }, parts, keepDetail: false, cancellation: interrupted.Token));
    }

    private List<EscapeLogPackage> Packages()
    {
        var packages = new List<EscapeLogPackage>();
        using var input = InputFile.Open(_log, new InputLimits());
        EscapeLogReader.ReadEach(input, null, packages.Add);
        return packages;
    }

    private static string Describe(InliningDecision d) => $"{d.Package} {d.Position} {d.Verdict} {d.Function} {d.Target} {d.Cost} {d.Reason} {d.Message}";

    private static string Describe(CompilerNote d) => $"{d.Package} {d.Position} {d.Kind} {d.Function} {d.Variable} {d.ByReference} {d.Message}";
}
