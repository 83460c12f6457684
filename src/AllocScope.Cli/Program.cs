using AllocScope.Cli;

using var cancellation = new CancellationTokenSource();
SystemConsole.CancelOnInterrupt(cancellation);
try
{
    return AllocScopeCli.Run(args, SystemConsole.Instance, cancellation.Token);
}
finally
{
    SystemConsole.Instance.Flush();
}
