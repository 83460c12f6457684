using System.CommandLine;
using AllocScope.Cli;
using AllocScope.Cli.Commands;

return AllocScopeCli.Run(args, Console.Out, Console.Error);
