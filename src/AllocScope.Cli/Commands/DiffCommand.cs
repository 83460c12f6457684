using System.CommandLine;
using AllocScope.Output;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope diff BASE NEW`: per function or line, base, new and delta, appeared and vanished sites marked.</summary>
public static class DiffCommand
{
    public static Command Create()
    {
        var baseFile = new Argument<string>("base") { Description = "The profile before the change" };
        var newFile = new Argument<string>("new") { Description = "The profile after the change" };
        var options = new ProfileOptions();
        var command = new Command("diff", "What changed between two profiles, per function or line") { baseFile, newFile };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var format = parse.GetValue(options.Format);
            if (format is not ("text" or "json"))
            {
                throw new UsageException($"--format must be text or json for diff, not \"{format}\"");
            }

            var baseTop = options.Aggregate(parse, [parse.GetValue(baseFile)!]);
            var newTop = options.Aggregate(parse, [parse.GetValue(newFile)!]);
            if (baseTop.SampleType != newTop.SampleType)
            {
                throw new UsageException($"the profiles are not comparable: {baseTop.SampleType} vs {newTop.SampleType}");
            }

            var diff = new ProfileDiff(baseTop, newTop);
            var output = parse.InvocationConfiguration.Output;
            var limit = parse.GetValue(options.Limit);
            if (format == "json")
            {
                DiffReport.WriteJson(output, diff, limit);
            }
            else
            {
                DiffReport.WriteText(output, diff, limit);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
