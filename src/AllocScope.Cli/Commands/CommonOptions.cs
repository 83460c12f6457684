using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>Options several commands share, and turning a service result into the exit code.</summary>
internal static class CommonOptions
{
    public static Option<string> Format(params ReportFormat[] formats) => new Option<string>("--format")
    {
        Description = "Output format: " + string.Join(", ", formats.Select(f => f.Id())),
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong([.. formats.Select(f => f.Id())]);

    public static ReportFormat FormatOf(ParseResult parse, Option<string> option) => ReportFormats.Parse(parse.GetValue(option)!) ?? ReportFormat.Text;

    public static Option<int> Limit(int defaultLimit, string rows = "rows")
    {
        var limit = new Option<int>("--limit")
        {
            Description = $"Show at most N {rows} (0: all)",
            DefaultValueFactory = _ => defaultLimit,
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--limit {result.GetValueOrDefault<int>()}: expected 0 (all) or a positive number of {rows}");
            }
        });
        return limit;
    }

    /// <summary>A path option whose file must exist (checked before any work starts).</summary>
    public static Option<string?> ExistingFile(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } path && path != "-" && !File.Exists(path))
            {
                result.AddError(Directory.Exists(path) ? $"{name} {path}: is a directory, not a file" : $"{name} {path}: no such file");
            }
        });
        return option;
    }

    public static Option<string?> SampleIndex(string description) => new("--sample-index") { Description = description };

    public static Option<string?> Module(string sourceOption = "--source") => new("--module")
    {
        Description = $"Attribute allocations to the first frame in this module path (default: from go.mod of {sourceOption})",
    };

    public static Option<string?> Source(string name = "--source", string description = "The Go module or package source directory (statements, map declarations, module path)") =>
        new(name) { Description = description };

    public static Option<string[]> EscapeLogs(string name = "--escape", string description = "Escape log(s): -gcflags=-m=2 text or a -json=0 directory") =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

    public static int Exit(ServiceResult result) => (int)result.Code;
}
