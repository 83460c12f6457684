using AllocScope.Toolchain;

namespace AllocScope.Tests.Infrastructure;

/// <summary>
/// The real Go toolchain for end-to-end tests. In CI (CI=true) a missing Go fails the test: those tests
/// must run there. On a developer machine without Go they skip and say so.
/// </summary>
public static class GoTool
{
    public static string Require()
    {
        var go = ToolLocator.FindGo();
        if (go is null)
        {
            Assert.False(IsCi, "Go is required in CI; test.sh installs it (apt-get install -y golang-1.19-go)");
            Assert.Skip("Go is not installed; " + ToolLocator.GoInstallHint);
        }

        return go!;
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs `go` with arguments and returns its result; fails the test with Go's stderr on a non-zero exit.</summary>
    public static ProcessResult Run(string workingDirectory, params string[] arguments)
    {
        var result = ProcessRunner.Run(Require(), arguments, workingDirectory);
        Assert.True(result.ExitCode == 0, $"go {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.StandardError}");
        return result;
    }
}
