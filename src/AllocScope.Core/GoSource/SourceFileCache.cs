using System.Buffers;
using System.Text;

namespace AllocScope.GoSource;

/// <summary>
/// Reads each Go source file once; a file that is missing or unreadable is remembered as absent (null).
/// </summary>
/// <param name="pooled">Keep the texts in pooled buffers, given back by <see cref="ReturnBuffers"/> (the files must not be
/// used after it): the escape-log reader reads a package's sources while it finishes the package, and fresh large arrays
/// for every package's files brought on full collections.</param>
public sealed class SourceFileCache(bool pooled = false)
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    // The bytes of the file being read, before they are decoded: one buffer per thread, grown to the largest file.
    // (A file larger than KeptBytes gets a buffer of its own.)
    private const int KeptBytes = 4 << 20;

    [ThreadStatic]
    private static byte[]? t_bytes;
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

    /// <summary>Gives the pooled texts back and forgets the files.</summary>
    public void ReturnBuffers()
    {
        foreach (var file in _files.Values)
        {
            if (file is not null && pooled)
            {
                ArrayPool<char>.Shared.Return(file.Buffer);
            }
        }

        _files.Clear();
    }

    // Go source is UTF-8 (a leading byte-order mark is dropped, invalid bytes read as U+FFFD).
    private GoSourceFile? Load(string path)
    {
        var bytes = t_bytes;
        if (!SourceBytes.TryRead(path, ref bytes, size => new byte[Math.Max(size, 64 << 10)], out var start, out var length))
        {
            return null;
        }

        if (bytes!.Length <= KeptBytes)
        {
            t_bytes = bytes;
        }

        var content = bytes.AsSpan(start, length);
        var chars = pooled ? ArrayPool<char>.Shared.Rent(Math.Max(1, s_utf8.GetMaxCharCount(content.Length))) : new char[s_utf8.GetCharCount(content)];
        return new GoSourceFile(Path.GetFullPath(path), chars, s_utf8.GetChars(content, chars));
    }
}
