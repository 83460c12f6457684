using System.Security.Cryptography;
using System.Text;

namespace AllocScope.Toolchain;

/// <summary>
/// The helper's answers kept in the user's cache, so a second report on unchanged code does not run `go list -export`
/// and the type checker again (1.4 s on the example; `go tool pprof -top` takes 0.2 s). The key covers the helper
/// (its source and the Go version), the question, the directory it runs in, GOFLAGS, and the size and time of every
/// `.go` file in the asked files' folders and of go.mod/go.sum: any edit there asks again. Entries unused for a week
/// are removed when a new one is written.
/// </summary>
internal static class GoFactsAnswerCache
{
    private static readonly TimeSpan s_keep = TimeSpan.FromDays(7);

    public static string PathFor(string helper, string request, string directory, IEnumerable<AllocScope.Sites.CodePoint> points)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(helper);
        Add(request);
        Add(Path.GetFullPath(directory));
        Add(Environment.GetEnvironmentVariable("GOFLAGS") ?? "");
        var folders = points.Select(p => Path.GetDirectoryName(Path.GetFullPath(p.File))!).Append(Path.GetFullPath(directory)).Distinct().Order(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in SafeFiles(folder).Where(f => f.EndsWith(".go", StringComparison.Ordinal) || Path.GetFileName(f) is "go.mod" or "go.sum")
                .Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                Add($"{file} {info.Length} {info.LastWriteTimeUtc.Ticks}");
            }
        }

        var folderOfCache = Path.Combine(GoFacts.CacheRoot(), "facts");
        return Path.Combine(folderOfCache, Convert.ToHexStringLower(hash.GetHashAndReset())[..32] + ".jsonl");
    }

    public static IReadOnlyList<string>? TryRead(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes beside and renames, so a concurrent run reads a whole entry or none.</summary>
    public static void Write(string path, IReadOnlyList<string> lines)
    {
        try
        {
            var folder = Path.GetDirectoryName(path)!;
            Directory.CreateDirectory(folder);
            var temporary = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}.tmp";
            File.WriteAllLines(temporary, lines);
            File.Move(temporary, path, overwrite: true);
            foreach (var old in Directory.EnumerateFiles(folder))
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(old) > s_keep)
                {
                    File.Delete(old);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written only costs the next run its time.
        }
    }

    private static string[] SafeFiles(string folder)
    {
        try
        {
            return Directory.GetFiles(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
