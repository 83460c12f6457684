using AllocScope.App.Inputs;
using AllocScope.Pprof;
using AllocScope.Sites;

namespace AllocScope.App.Services;

/// <summary>Options of `allocscope list`.</summary>
/// <param name="Functions">The regular expression function names must match.</param>
/// <param name="Files">The profiles (merged).</param>
/// <param name="Query">Sample type and filters (the granularity is always lines).</param>
/// <param name="EscapeLogs">-gcflags=-m=2 logs whose decisions are shown under their lines.</param>
/// <param name="Source">Where the Go source is; null: the paths as the profile names them.</param>
/// <param name="Format">text, json or markdown.</param>
public sealed record ListOptions(string Functions, IReadOnlyList<string> Files, ProfileQuery Query, IReadOnlyList<string> EscapeLogs, string? Source = null,
    ReportFormat Format = ReportFormat.Text);

/// <summary>Annotated source of the functions matching a regular expression: `go tool pprof -list` with the compiler's decisions per line.</summary>
public sealed class ListService
{
    public ServiceResult Run(ListOptions options, ServiceContext context)
    {
        var functions = ProfileQuery.Compile(options.Functions, "REGEX") ?? new(".");
        if (options.Source is not null && !Directory.Exists(options.Source))
        {
            throw new UsageException($"--source {options.Source}: no such directory");
        }

        var stacks = (options.Query with { By = TopGranularity.Line }).Stacks(options.Files, context);
        var listings = SourceListing.Build(stacks, functions);
        if (listings.Count == 0)
        {
            throw new UsageException($"no matches found for regexp: {options.Functions} (no function of the profile matches it)");
        }

        var log = EscapeLogFiles.ReadAll(options.EscapeLogs, options.Source, context);
        var source = new GoSourceTree(options.Source);
        var annotated = AnnotatedListing.Build(listings, source, log is null ? null : new CompilerNotesByLine(log));
        var report = new ReportDocument([new SourceListingSection(stacks.SampleType!, stacks.Total, annotated, log?.Source)]);
        ReportOutput.Render(report, options.Format, context.Console.Out, 0);
        return ServiceResult.Success(report);
    }
}
