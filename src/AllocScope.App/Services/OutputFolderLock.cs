namespace AllocScope.App.Services;

/// <summary>
/// One run at a time per output folder: two `analyze` runs into one `--out` raced (a truncated profile, an IOException,
/// one run's files silently replaced by the other's). The lock is an exclusive lock on `.lock` in the folder, released
/// (and the file removed) when the run ends, even when it is killed; a second run is told and stops before any work.
/// </summary>
internal sealed class OutputFolderLock : IDisposable
{
    public const string FileName = ".lock";

    private readonly FileStream _lock;

    private OutputFolderLock(FileStream held) => _lock = held;

    public static OutputFolderLock Acquire(string folder)
    {
        if (folder.Length == 0)
        {
            throw new UsageException("--out needs a folder name");
        }

        if (File.Exists(folder))
        {
            throw new UsageException($"--out {folder}: is a file, not a folder");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"--out {folder}: cannot create the folder ({e.Message})");
        }

        try
        {
            // FileShare.None is an exclusive flock on Linux: another process (or another open in this one) is refused.
            return new OutputFolderLock(new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1,
                FileOptions.DeleteOnClose));
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"--out {folder}: cannot write there ({e.Message})");
        }
        catch (IOException)
        {
            throw new UsageException($"--out {folder}: another allocscope analyze is writing there; wait for it or choose another folder");
        }
    }

    public void Dispose() => _lock.Dispose();
}
