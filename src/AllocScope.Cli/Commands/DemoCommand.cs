using System.CommandLine;
using AllocScope.App.Hosting;
using AllocScope.App.Services;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope demo`: the README's main job, on the bundled example module (or its recorded artifacts when Go is absent).</summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var site = new SiteOptions();
        var recorded = new Option<bool>("--recorded") { Description = "Use the recorded artifacts in testdata/hotspots even when Go is installed" };
        var command = site.AddTo(new Command("demo", "Analyze the bundled example module examples/hotspots (or its recorded artifacts when Go is absent)") { recorded }, ranking: false);
        command.SetAction(parse => CommonOptions.Exit(new DemoService().Run(
            new DemoOptions(parse.GetValue(recorded), parse.GetValue(site.Limit), site.FormatOf(parse)), context.For(parse))));
        return command;
    }
}
