using AllocScope.Cli;

using var cancellation = new CancellationTokenSource();
SystemConsole.CancelOnInterrupt(cancellation);
return AllocScopeCli.Run(args, SystemConsole.Instance, cancellation.Token);
