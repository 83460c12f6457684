using System.CommandLine;
using AllocScope.Toolchain;

namespace AllocScope.Cli.Commands;

/// <summary>`allocscope doctor`: which external programs are installed and what each enables.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Report the Go toolchain, bpftrace and chromium found on this machine and what each enables");
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var tool in ToolInventory.Inspect())
            {
                if (tool.Path is null)
                {
                    output.WriteLine($"{tool.Name,-9} missing   enables: {tool.Enables}");
                    output.WriteLine($"{"",-9}           to install: {tool.InstallHint}");
                }
                else
                {
                    output.WriteLine($"{tool.Name,-9} found     {tool.Version ?? "(version unknown)"} at {tool.Path}");
                    output.WriteLine($"{"",-9}           enables: {tool.Enables}");
                }
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
