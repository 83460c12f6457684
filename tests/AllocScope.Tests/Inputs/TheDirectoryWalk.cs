using AllocScope.Inputs;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Inputs;

/// <summary>Walks of folders the user names stay inside them: links to folders are not followed, and say so.</summary>
public sealed class TheDirectoryWalk : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"allocscope-walk-{Guid.NewGuid():N}");

    public TheDirectoryWalk() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_link_loop_and_a_link_to_the_root_are_not_followed()
    {
        var inner = Path.Combine(_root, "a", "b");
        Directory.CreateDirectory(inner);
        File.WriteAllText(Path.Combine(inner, "x.json"), "{}");
        Directory.CreateSymbolicLink(Path.Combine(inner, "back"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_root, "everything"), "/");
        File.CreateSymbolicLink(Path.Combine(_root, "linked.json"), Path.Combine(inner, "x.json"));
        File.CreateSymbolicLink(Path.Combine(_root, "dangling.json"), Path.Combine(_root, "gone.json"));
        File.CreateSymbolicLink(Path.Combine(_root, "self.json"), Path.Combine(_root, "self.json"));

        var walk = DirectoryWalk.Of(_root, f => f.EndsWith(".json", StringComparison.Ordinal));

        Assert.Equal([Path.Combine(inner, "x.json"), Path.Combine(_root, "linked.json")], walk.Files);
        Assert.Equal(4, walk.Skipped.Count);
        Assert.Equal(2, walk.Skipped.Count(s => s.EndsWith("a link to a folder, not followed", StringComparison.Ordinal)));
        Assert.Contains(walk.Skipped, s => s == $"{Path.Combine(_root, "dangling.json")}: a link to nothing, skipped");
        Assert.Contains(walk.Skipped, s => s == $"{Path.Combine(_root, "self.json")}: a link to nothing, skipped");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Unreadable_entries_are_skipped_with_a_warning_instead_of_aborting_the_run()
    {
        var log = Path.Combine(_root, "log");
        CopyFolder(Repo.Fixture("json0"), log);
        var package = Directory.GetDirectories(log).Single();
        var lockedFile = Path.Combine(package, "secret.json");
        File.Copy(Path.Combine(package, "plain.json"), lockedFile);
        var lockedFolder = Path.Combine(log, "secret");
        Directory.CreateDirectory(lockedFolder);
        File.WriteAllText(Path.Combine(lockedFolder, "x.json"), "{}");
        File.SetUnixFileMode(lockedFile, UnixFileMode.None);
        File.SetUnixFileMode(lockedFolder, UnixFileMode.None);
        try
        {
            // Root reads everything: the walk then runs as nobody, through the command users get.
            CliRunner.Result result;
            if (Environment.UserName == "root")
            {
                foreach (var dir in new[] { _root, log, package })
                {
                    File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
                }

                CliProcess.Run(new Dictionary<string, string>(), "--version"); // built as root first
                result = CliProcess.Run(new Dictionary<string, string>(), "escape", log, "--format", "json", "--as-nobody");
            }
            else
            {
                result = CliRunner.Run("escape", log, "--format", "json");
            }

            var plain = CliRunner.Run("escape", Repo.Fixture("json0"), "--format", "json");
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Equal(plain.Output.Replace(Repo.Fixture("json0"), log, StringComparison.Ordinal), result.Output);
            Assert.Contains($"{lockedFile}: permission denied, skipped", result.Error, StringComparison.Ordinal);
            Assert.Contains($"{lockedFolder}: permission denied, skipped", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(lockedFolder, (UnixFileMode)0b111_000_000);
            File.SetUnixFileMode(lockedFile, (UnixFileMode)0b110_000_000);
        }
    }

    [Fact]
    public void Escape_on_a_json_log_folder_with_a_loop_counts_each_file_once_and_warns()
    {
        var log = Path.Combine(_root, "log");
        CopyFolder(Repo.Fixture("json0"), log);
        Directory.CreateSymbolicLink(Path.Combine(log, "loop"), ".");
        Directory.CreateSymbolicLink(Path.Combine(log, "everything"), "/");

        var plain = CliRunner.Run("escape", Repo.Fixture("json0"), "--format", "json");
        var looped = CliRunner.Run("escape", log, "--format", "json");

        Assert.Equal((0, 0), (plain.ExitCode, looped.ExitCode));
        Assert.Equal(plain.Output.Replace(Repo.Fixture("json0"), log, StringComparison.Ordinal), looped.Output);
        Assert.Contains("allocscope: warning: ", looped.Error, StringComparison.Ordinal);
        Assert.Contains("loop: a link to a folder, not followed", looped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_folder_with_a_loop_gives_the_same_sites_and_a_note()
    {
        var source = Path.Combine(_root, "src");
        CopyFolder(Repo.Example(), source);
        Directory.CreateSymbolicLink(Path.Combine(source, "loop"), ".");

        var plain = CliRunner.Run("report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", Repo.Example(), "--format", "json");
        var looped = CliRunner.Run("report", "--profile", Repo.Fixture("mem-rate1.pprof"), "--escape", Repo.Fixture("m2.txt"), "--source", source, "--format", "json");

        Assert.Equal((0, 0), (plain.ExitCode, looped.ExitCode));
        Assert.Contains("a link to a folder, not followed", looped.Output, StringComparison.Ordinal);
        Assert.Equal(SiteIds(plain.Output), SiteIds(looped.Output));
    }

    private static List<string> SiteIds(string json)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("sites").EnumerateArray().Select(s => $"{s.GetProperty("siteId").GetString()} {s.GetProperty("value").GetInt64()}")];
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
