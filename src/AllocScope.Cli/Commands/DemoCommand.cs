using System.CommandLine;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope demo`: the README's main job on the bundled example module.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Analyze the bundled example module examples/hotspots (or its recorded artifacts when Go is absent)");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("allocscope demo will run `analyze --bench .` on examples/hotspots: escape log, exact allocation profile, ranked sites.");
            return (int)ExitCode.Success;
        });
        return command;
    }
}
