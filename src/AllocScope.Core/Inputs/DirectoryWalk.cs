namespace AllocScope.Inputs;

/// <summary>
/// The files below a folder the user named, staying inside it: links to folders are not followed (a loop multiplied
/// counts 41×, a link to / walked the whole machine), a folder or file that cannot be read is skipped and said so, and the
/// result is in ordinal order so runs agree. The named folder itself may be a link.
/// </summary>
public sealed class DirectoryWalk
{
    private DirectoryWalk(IReadOnlyList<string> files, IReadOnlyList<string> skipped)
    {
        Files = files;
        Skipped = skipped;
    }

    public IReadOnlyList<string> Files { get; }

    /// <summary>What was left out and why, one phrase each ("a/b: a link to a folder, not followed").</summary>
    public IReadOnlyList<string> Skipped { get; }

    public static DirectoryWalk Of(string root, Func<string, bool> include)
    {
        var files = new List<string>();
        var skipped = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(folder);
            }
            catch (UnauthorizedAccessException)
            {
                skipped.Add($"{folder}: permission denied, skipped");
                continue;
            }
            catch (IOException e)
            {
                skipped.Add($"{folder}: {e.Message}, skipped");
                continue;
            }

            foreach (var entry in entries)
            {
                FileSystemInfo info = Directory.Exists(entry) ? new DirectoryInfo(entry) : new FileInfo(entry);
                if (info is DirectoryInfo)
                {
                    if (info.LinkTarget is not null)
                    {
                        skipped.Add($"{entry}: a link to a folder, not followed");
                    }
                    else
                    {
                        pending.Push(entry);
                    }
                }
                else if (include(entry))
                {
                    if (IsBrokenLink(info))
                    {
                        skipped.Add($"{entry}: a link to nothing, skipped");
                    }
                    else if (!CanRead(entry))
                    {
                        skipped.Add($"{entry}: permission denied, skipped");
                    }
                    else
                    {
                        files.Add(entry);
                    }
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        skipped.Sort(StringComparer.Ordinal);
        return new DirectoryWalk(files, skipped);
    }

    /// <summary>A file this process may not read would abort the run halfway: it is found out while walking.</summary>
    private static bool CanRead(string file)
    {
        try
        {
            using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        catch (IOException)
        {
            return true; // other trouble is the reader's to name, with the file
        }
    }

    /// <summary>A link whose target is gone (or a loop of links): reading it would abort the run.</summary>
    private static bool IsBrokenLink(FileSystemInfo info)
    {
        try
        {
            return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true };
        }
        catch (IOException)
        {
            return true;
        }
    }
}
