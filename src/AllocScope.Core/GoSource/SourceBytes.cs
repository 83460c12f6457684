namespace AllocScope.GoSource;

/// <summary>Reads a Go source file's bytes into a buffer the caller keeps and reuses from file to file.</summary>
internal static class SourceBytes
{
    /// <summary>
    /// Reads the file into <paramref name="buffer"/> (replaced by one from <paramref name="allocate"/> when too small); the
    /// content is <paramref name="length"/> bytes from <paramref name="start"/>, a leading byte-order mark skipped. False
    /// when the file is missing, unreadable or too large. A file of size 0 (a FIFO, a device) reads as empty without being
    /// opened.
    /// </summary>
    public static bool TryRead(string path, ref byte[]? buffer, Func<int, byte[]> allocate, out int start, out int length)
    {
        start = length = 0;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return false;
            }

            // Nothing to read, and nothing to open: a FIFO (size 0) would block the open until a writer came.
            if (info.Length == 0)
            {
                buffer ??= allocate(0);
                return true;
            }

            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var size = RandomAccess.GetLength(handle);
            if (size > Array.MaxLength / 2)
            {
                return false;
            }

            if (buffer is null || buffer.Length < size)
            {
                buffer = allocate((int)size);
            }

            var read = 0;
            for (int n; read < size && (n = RandomAccess.Read(handle, buffer.AsSpan(read, (int)size - read), read)) > 0;)
            {
                read += n;
            }

            start = buffer.AsSpan(0, read).StartsWith("\uFEFF"u8) ? 3 : 0;
            length = read - start;
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
