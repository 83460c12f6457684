using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope report --profile P [--escape LOG] [--source DIR]`: ranked allocation sites from files only.</summary>
public static class ReportCommand
{
    public static Command Create(ServiceContext context)
    {
        var profiles = new Option<string[]>("--profile") { Description = "Heap profile(s): go test -memprofile, pprof heap/allocs, legacy text heap", Required = true, AllowMultipleArgumentsPerToken = true };
        var escape = CommonOptions.EscapeLogs();
        var source = CommonOptions.Source();
        var binary = new Option<string?>("--binary") { Description = "The profiled binary, to symbolize a legacy profile's addresses with go tool addr2line" };
        var sampleIndex = SiteOptions.SampleIndex();
        var module = CommonOptions.Module();
        var limit = CommonOptions.Limit(20, "sites");
        var format = SiteOptions.Format();
        var command = new Command("report", "Where, what kind, why and what to change: allocation sites joined from a heap profile, an escape log and the source")
        {
            profiles, escape, source, binary, sampleIndex, module, limit, format,
        };
        command.SetAction(parse => CommonOptions.Exit(new SiteReportService().Run(new SiteReportOptions(
            new SiteInputs(parse.GetValue(profiles)!, parse.GetValue(escape) ?? [], parse.GetValue(source), parse.GetValue(binary), parse.GetValue(module), parse.GetValue(sampleIndex)),
            parse.GetValue(limit),
            CommonOptions.FormatOf(parse, format)), context)));
        return command;
    }
}

/// <summary>The options of the site commands (`report`, `analyze`, `demo`).</summary>
internal static class SiteOptions
{
    public static Option<string> Format() => CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);

    public static Option<string?> SampleIndex() =>
        CommonOptions.SampleIndex("Rank by this sample type: alloc_space (default), alloc_objects, inuse_space, inuse_objects");
}
