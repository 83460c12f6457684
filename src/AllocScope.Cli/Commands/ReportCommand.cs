using System.CommandLine;
using AllocScope.Sites;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope report --profile P [--escape LOG] [--source DIR]`: ranked allocation sites from files only.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var profiles = new Option<string[]>("--profile") { Description = "Heap profile(s): go test -memprofile, pprof heap/allocs, legacy text heap", Required = true, AllowMultipleArgumentsPerToken = true };
        var escape = new Option<string[]>("--escape") { Description = "Escape log(s): -gcflags=-m=2 text or a -json=0 directory", AllowMultipleArgumentsPerToken = true };
        var source = new Option<string?>("--source") { Description = "The Go module or package source directory (statements, map declarations, module path)" };
        var binary = new Option<string?>("--binary") { Description = "The profiled binary, to symbolize a legacy profile's addresses with go tool addr2line" };
        var sampleIndex = SiteCommandSupport.SampleIndexOption();
        var module = SiteCommandSupport.ModuleOption();
        var limit = SiteCommandSupport.LimitOption();
        var format = SiteCommandSupport.FormatOption();
        var command = new Command("report", "Where, what kind, why and what to change: allocation sites joined from a heap profile, an escape log and the source")
        {
            profiles, escape, source, binary, sampleIndex, module, limit, format,
        };
        command.SetAction(parse =>
        {
            var sourceDir = parse.GetValue(source);
            if (sourceDir is not null && !Directory.Exists(sourceDir))
            {
                throw new UsageException($"--source {sourceDir}: no such directory");
            }

            var report = SiteCommandSupport.BuildReport(
                parse.GetValue(profiles)!, parse.GetValue(escape) ?? [], sourceDir, parse.GetValue(binary),
                parse.GetValue(module), parse.GetValue(sampleIndex));
            SiteCommandSupport.Write(report, parse.GetValue(format)!, parse.InvocationConfiguration.Output, parse.GetValue(limit));
            return (int)ExitCode.Success;
        });
        return command;
    }
}
