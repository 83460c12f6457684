namespace AllocScope.App.Hosting;

/// <summary>The arguments parse but do not make sense together; exits with <see cref="ExitCode.UsageError"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
