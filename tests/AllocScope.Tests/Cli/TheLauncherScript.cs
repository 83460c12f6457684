using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Cli;

/// <summary>`./allocscope`: builds what it runs when a source changed, once even when two runs start together, and again after a build stopped halfway.</summary>
public sealed class TheLauncherScript
{
    [Fact]
    public async Task Two_runs_at_once_on_a_fresh_checkout_build_once_and_both_succeed()
    {
        var copy = Directory.CreateTempSubdirectory("allocscope-launcher-").FullName;
        try
        {
            foreach (var file in new[] { "allocscope", "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
            {
                File.Copy(Path.Combine(Repo.Root, file), Path.Combine(copy, file));
            }

            CopyTree(Path.Combine(Repo.Root, "src"), Path.Combine(copy, "src"));
            CopyTree(Path.Combine(Repo.Root, "tools"), Path.Combine(copy, "tools"));
            var script = Path.Combine(copy, "allocscope");
            var runs = await Task.WhenAll(Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() => ProcessRunner.Run(script, ["--version"], copy, timeout: TimeSpan.FromMinutes(10)), TestContext.Current.CancellationToken)));
            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.StandardError));
            Assert.All(runs, r => Assert.Equal("0.1.0", r.StandardOutput.Trim()));
            var builds = runs.Count(r => r.StandardError.Contains("allocscope: building", StringComparison.Ordinal)
                || r.StandardError.Contains("building the JIT build", StringComparison.Ordinal));
            Assert.Equal(1, builds);

            // Up to date now: a third run builds nothing.
            var again = ProcessRunner.Run(script, ["--version"], copy, cancellation: TestContext.Current.CancellationToken);
            Assert.Equal(string.Empty, again.StandardError);

            // A build stopped halfway once left an empty executable that every later run failed to start
            // ("Permission denied"): an empty one is stale and is built again.
            var built = Path.Combine(copy, ".build", File.Exists(Path.Combine(copy, ".build", "native", "allocscope")) ? "native/allocscope" : "cli/allocscope.dll");
            File.WriteAllBytes(built, []);
            var rebuilt = ProcessRunner.Run(script, ["--version"], copy, timeout: TimeSpan.FromMinutes(10), cancellation: TestContext.Current.CancellationToken);
            Assert.True(rebuilt.ExitCode == 0, rebuilt.StandardError);
            Assert.Equal("0.1.0", rebuilt.StandardOutput.Trim());
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split('/').Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
