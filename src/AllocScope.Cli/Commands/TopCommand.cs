using System.CommandLine;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope top FILE...`: flat and cum per function or line of one or more merged profiles.</summary>
public static class TopCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Profiles: profile.proto (gzipped or not), legacy text heap, legacy CPU", Arity = ArgumentArity.OneOrMore };
        var options = new ProfileOptions();
        var command = new Command("top", "Where and how much: flat and cum per function or line, like go tool pprof -top") { files };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var format = parse.GetValue(options.Format);
            if (format is not ("text" or "json" or "folded"))
            {
                throw new UsageException($"--format must be text, json or folded, not \"{format}\"");
            }

            var top = options.Aggregate(parse, parse.GetValue(files)!);
            var output = parse.InvocationConfiguration.Output;
            var limit = parse.GetValue(options.Limit);
            switch (format)
            {
                case "json": TopReport.WriteJson(output, top, limit); break;
                case "folded": TopReport.WriteFolded(output, top); break;
                default: TopReport.WriteText(output, top, limit); break;
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
