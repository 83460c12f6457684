using System.CommandLine;
using AllocScope.App.Services;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope list REGEX FILE...`: annotated source of matching functions, like go tool pprof -list, with the compiler's decisions.</summary>
public static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var regex = ViewArguments.Functions();
        var files = ViewArguments.Files();
        var escape = CommonOptions.EscapeLogs(description: "Escape log(s) (go build -gcflags=-m=2 output, or a -json=0 directory): the compiler's decisions under each line");
        var source = CommonOptions.Source(description: "The Go source directory (a module): where the profile's files are, -trimpath names included");
        var format = CommonOptions.Format(ReportFormat.Text, ReportFormat.Json, ReportFormat.Markdown);
        var query = new ProfileQueryOptions();
        var command = new Command("list", "Annotated source of functions matching REGEX, like go tool pprof -list, with the compiler's escape and inlining decisions per line")
        {
            regex, files, escape, source, format,
        };
        query.AddTo(command);
        command.SetAction(parse => CommonOptions.Exit(new ListService().Run(new ListOptions(
            parse.GetValue(regex)!,
            parse.GetValue(files)!,
            query.Bind(parse),
            parse.GetValue(escape) ?? [],
            parse.GetValue(source),
            CommonOptions.FormatOf(parse, format)), context.For(parse))));
        return command;
    }
}

/// <summary>The positional arguments the views share.</summary>
internal static class ViewArguments
{
    public static Argument<string> Functions() => new("regex") { Description = "A regular expression (.NET syntax) that function names must match" };

    public static Argument<string[]> Files() => new("files")
    {
        Description = "Profiles: profile.proto (gzipped or not), legacy text heap, legacy CPU; several are merged",
        Arity = ArgumentArity.OneOrMore,
    };
}
