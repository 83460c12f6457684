using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope report --profile P [--escape LOG] [--source DIR]`: ranked allocation sites from files only.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var profiles = new Option<string[]>("--profile") { Description = "Heap profile(s): go test -memprofile, pprof heap/allocs, legacy text heap", Required = true, AllowMultipleArgumentsPerToken = true };
        var escape = CommonOptions.EscapeLogs();
        var source = CommonOptions.Source();
        var bench = new Option<string[]>("--bench")
        {
            Description = "The go test -bench -benchmem output of the profiled run: fixes then say what they save per op",
            AllowMultipleArgumentsPerToken = true,
        };
        var benchTime = new Option<string?>("--benchtime") { Description = "The -benchtime the profiled run used; with Nx (e.g. 200x) each benchmark's allocation splits into timed (B/op x ops) and untimed" };
        var trace = new Option<string?>("--trace") { Description = "The profiled run's execution trace (go test -trace): adds the memory lifecycle, GC cycles per site" };
        var gcTrace = new Option<string?>("--gctrace") { Description = "The profiled run's GODEBUG=gctrace=1 output: the lifecycle's cycles (without --trace) and the GOGC its goals imply" };
        var binary = CommonOptions.ExistingFile("--binary", "The profiled binary, to symbolize a legacy profile's addresses with go tool addr2line");
        var site = new SiteOptions();
        var command = site.AddTo(new Command("report", "Where, what kind, why and what to change: allocation sites joined from a heap profile, an escape log and the source")
        {
            profiles, escape, source, binary, bench, benchTime, trace, gcTrace,
        });
        command.SetAction(parse => CommonOptions.Exit(new SiteReportService().Run(new SiteReportOptions(
            new SiteInputs(parse.GetValue(profiles)!, parse.GetValue(escape) ?? [], parse.GetValue(source), parse.GetValue(binary), parse.GetValue(site.Module), parse.GetValue(site.SampleIndex))
            {
                IncludeTests = parse.GetValue(site.IncludeTests),
                BenchOutputs = parse.GetValue(bench) ?? [],
                BenchTime = parse.GetValue(benchTime),
                Gc = (parse.GetValue(trace), parse.GetValue(gcTrace)),
                Filters = site.FiltersOf(parse),
            },
            parse.GetValue(site.Limit),
            site.FormatOf(parse)), context.For(parse))));
        return command;
    }
}

/// <summary>The options the site commands (`report`, `analyze`, `demo`) share: how to rank, attribute and render.</summary>
internal sealed class SiteOptions(string sourceOption = "--source")
{
    public static Option<string> FormatOption() => CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);

    public Option<string?> SampleIndex { get; } = CommonOptions.SampleIndex("Rank by this sample type: alloc_space (default), alloc_objects, inuse_space, inuse_objects");

    public Option<string?> Module { get; } = CommonOptions.Module(sourceOption);

    public Option<int> Limit { get; } = CommonOptions.Limit(20, "sites");

    public Option<bool> IncludeTests { get; } = new("--show-harness", "--include-tests")
    {
        Description = "Rank the allocations of _test.go lines, of code benchmarks ran with the timer stopped (set-up) and of the testing harness too; by default a note sums them up",
    };

    public Option<string?> Focus { get; } = new("--focus") { Description = "Only stacks with a frame whose function or file matches this regular expression (pprof -focus)" };

    public Option<string?> Ignore { get; } = new("--ignore") { Description = "Leave out stacks with a frame whose function or file matches this regular expression (pprof -ignore)" };

    public Option<string?> Hide { get; } = new("--hide") { Description = "Remove frames whose function or file matches from every stack; the caller's line then stands for them (pprof -hide)" };

    public (string? Focus, string? Ignore, string? Hide) FiltersOf(ParseResult parse) => (parse.GetValue(Focus), parse.GetValue(Ignore), parse.GetValue(Hide));

    public Option<string> Format { get; } = FormatOption();

    /// <summary>Adds the options; <paramref name="ranking"/> false leaves out those a fixed input does not take (sample index, module).</summary>
    public Command AddTo(Command command, bool ranking = true)
    {
        if (ranking)
        {
            command.Options.Add(SampleIndex);
            command.Options.Add(Module);
            command.Options.Add(IncludeTests);
            command.Options.Add(Focus);
            command.Options.Add(Ignore);
            command.Options.Add(Hide);
        }

        command.Options.Add(Limit);
        command.Options.Add(Format);
        return command;
    }

    public ReportFormat FormatOf(ParseResult parse) => CommonOptions.FormatOf(parse, Format);
}
