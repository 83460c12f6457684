using AllocScope.App.Hosting;
using AllocScope.App.Inputs;
using AllocScope.App.Services;
using AllocScope.Output;
using AllocScope.Pprof;
using AllocScope.Report;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.App;

/// <summary>The services called in-process, as the command line calls them, without parsing anything.</summary>
public sealed class TheServices : IDisposable
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public void Dispose()
    {
        _out.Dispose();
        _error.Dispose();
    }

    private ServiceContext Context => ServiceContext.For(_out, _error);

    private static SiteInputs Hotspots(params string[] profiles) =>
        new(profiles.Length == 0 ? [Repo.Fixture("mem-rate1.pprof")] : profiles, [Repo.Fixture("m2.txt")], Repo.Example());

    [Fact]
    public void The_report_service_returns_the_sections_it_rendered()
    {
        var result = new SiteReportService().Run(new SiteReportOptions(Hotspots(), Limit: 3), Context);
        Assert.Equal(ExitCode.Success, result.Code);
        var report = result.Report!;
        Assert.Equal([typeof(SiteSummarySection), typeof(NotesSection), typeof(SitesSection)], report.Sections.Select(s => s.GetType()));
        var sites = report.Section<SitesSection>()!.Sites;
        // The total is the whole profile's; the tests' and the harness's own sites are summed up in a note, not ranked.
        Assert.True(report.Section<SiteSummarySection>()!.Total >= sites.Sum(s => s.Value));
        Assert.All(sites, s => Assert.Matches("^[0-9a-f]{16}$", s.Id));
        Assert.Equal(sites.Count, sites.Select(s => s.Id).Distinct().Count());
        Assert.StartsWith("Allocation sites by alloc_space", _out.ToString(), StringComparison.Ordinal);
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public void Every_writer_renders_every_section_of_the_site_report()
    {
        var report = new SiteReportService().Run(new SiteReportOptions(Hotspots(), Limit: 2), Context).Report!;
        foreach (var format in new[] { ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown })
        {
            var output = new StringWriter();
            format.Writer().Write(report, output, new RenderOptions(2));
            Assert.Contains(report.Section<SitesSection>()!.Sites[0].Function, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_top_service_gives_a_table_and_folded_stacks_of_the_same_total()
    {
        var query = new ProfileQuery("alloc_space");
        var table = new TopService().Run(new TopOptions([Repo.Fixture("mem-rate1.pprof")], query), Context).Report!.Section<TopTableSection>()!;
        var stacks = new TopService().Run(new TopOptions([Repo.Fixture("mem-rate1.pprof")], query, Format: ReportFormat.Folded), Context).Report!.Section<StacksSection>()!;
        Assert.Equal(table.Total, stacks.Stacks.Sum(s => s.Value));
    }

    [Fact]
    public void The_diff_service_compares_two_site_reports_by_id()
    {
        var dir = Directory.CreateTempSubdirectory("allocscope-services-").FullName;
        try
        {
            var saved = Path.Combine(dir, "sites.json");
            var report = new SiteReportService().Run(new SiteReportOptions(Hotspots(), Limit: 0, Format: ReportFormat.Json), Context).Report!;
            File.WriteAllText(saved, _out.ToString());
            var diff = new DiffService().Run(new DiffOptions(new DiffSide(saved), new DiffSide(dir), new ProfileQuery()), Context).Report!.Section<SiteDiffSection>()!;
            Assert.Equal(report.Section<SitesSection>()!.Sites.Count, diff.Rows.Count);
            Assert.All(diff.Rows, r => Assert.Equal(DiffStatus.Same, r.Status));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_escape_service_totals_what_it_lists()
    {
        var report = new EscapeService().Run(new EscapeOptions([Repo.Fixture("m2.txt")], EscapeGrouping.Kind, HeapOnly: true), Context).Report!;
        var totals = report.Section<EscapeTotalsSection>()!;
        var decisions = report.Section<EscapeDecisionsSection>()!.Decisions.ToList();
        Assert.Equal(decisions.Count, totals.Totals.Sum(t => t.Count));
        Assert.All(decisions, d => Assert.True(d.Escapes));
    }

    [Fact]
    public void A_bad_input_is_an_exception_the_failures_map_to_exit_code_3_naming_the_file()
    {
        var e = Assert.ThrowsAny<Exception>(() => new SiteReportService().Run(new SiteReportOptions(new SiteInputs([Repo.Fixture("m2.txt")], [])), Context));
        var (code, message) = Failures.Describe(e);
        Assert.Equal(ExitCode.BadInput, code);
        Assert.StartsWith(Repo.Fixture("m2.txt"), message, StringComparison.Ordinal);
    }
}
