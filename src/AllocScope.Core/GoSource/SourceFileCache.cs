namespace AllocScope.GoSource;

/// <summary>Reads each Go source file once; a file that is missing or unreadable is remembered as absent (null).</summary>
public sealed class SourceFileCache
{
    private readonly Dictionary<string, GoSourceFile?> _files = new(StringComparer.Ordinal);

    public GoSourceFile? Get(string path)
    {
        if (!_files.TryGetValue(path, out var source))
        {
            source = Load(path);
            _files[path] = source;
        }

        return source;
    }

    private static GoSourceFile? Load(string path)
    {
        try
        {
            return File.Exists(path) ? new GoSourceFile(Path.GetFullPath(path), File.ReadAllLines(path)) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
