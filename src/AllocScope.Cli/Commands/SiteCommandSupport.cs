using System.CommandLine;
using AllocScope.EscapeLog;
using AllocScope.Output;
using AllocScope.Pprof;
using AllocScope.Sites;
using AllocScope.Toolchain;

namespace AllocScope.Cli.Commands;

/// <summary>Options and output shared by `report`, `analyze` and `demo`.</summary>
internal static class SiteCommandSupport
{
    public static Option<string> FormatOption() => new Option<string>("--format")
    {
        Description = "Output format: text, json or markdown",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "markdown");

    public static Option<int> LimitOption() => new("--limit")
    {
        Description = "Show at most N sites (0 = all)",
        DefaultValueFactory = _ => 20,
    };

    public static Option<string?> SampleIndexOption() => new("--sample-index")
    {
        Description = "Rank by this sample type: alloc_space (default), alloc_objects, inuse_space, inuse_objects",
    };

    public static Option<string?> ModuleOption() => new("--module")
    {
        Description = "Attribute allocations to the first frame in this module path (default: from go.mod of --source)",
    };

    /// <summary>Reads the profiles and escape logs and joins them into a report.</summary>
    public static SiteReport BuildReport(IReadOnlyList<string> profilePaths, IReadOnlyList<string> escapePaths, string? source,
        string? binary, string? module, string? sampleIndex)
    {
        var profiles = profilePaths.Select(ProfileOptions.Read).ToList();
        for (var i = 0; i < profiles.Count; i++)
        {
            var types = profiles[i].SampleTypes;
            if (!types.Any(t => t.Type is "alloc_space" or "inuse_space" or "space"))
            {
                throw Inputs.InputFormatException.Whole(profilePaths[i],
                    $"not a heap profile (sample types {string.Join(", ", types)}); allocation sites need a heap or allocs profile (go test -memprofile, pprof heap)");
            }
        }

        if (binary is not null)
        {
            var go = ToolLocator.RequireGo();
            foreach (var profile in profiles)
            {
                ProfileSymbolizer.Symbolize(profile, addresses => GoAddr2Line.Resolve(go, binary, addresses));
            }
        }

        var logs = escapePaths.Select(path => EscapeLogReader.Read(path, packageDirectory: source)).ToList();
        var escape = logs.Count switch
        {
            0 => null,
            1 => logs[0],
            _ => AllocScope.EscapeLog.EscapeLog.Combine(logs),
        };
        try
        {
            return SiteAnalysis.Run(new SiteAnalysisInput(profiles, escape, source, module, sampleIndex));
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static void Write(SiteReport report, string format, TextWriter output, int limit)
    {
        switch (format)
        {
            case "json":
                using (var buffer = new MemoryStream())
                {
                    SiteReportWriter.WriteJson(report, buffer, limit);
                    output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                }

                break;
            case "markdown":
                SiteReportWriter.WriteMarkdown(report, output, limit);
                break;
            default:
                SiteReportWriter.WriteText(report, output, limit);
                break;
        }
    }
}
