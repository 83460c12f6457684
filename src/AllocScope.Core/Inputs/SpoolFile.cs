namespace AllocScope.Inputs;

/// <summary>
/// A temporary file for input that must be read more than once (standard input, decompressed data). On Linux its name
/// is removed as soon as it is open, so nothing is left behind even when the process is killed halfway.
/// </summary>
public static class SpoolFile
{
    public static FileStream Create(string what)
    {
        var path = Path.Combine(Path.GetTempPath(), $"allocscope-{Environment.ProcessId}-{Guid.NewGuid():N}.{what}");
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        }

        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        File.Delete(path);
        return stream;
    }
}
