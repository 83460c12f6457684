using AllocScope.Inputs;

namespace AllocScope.Inputs;

/// <summary>
/// One input, opened once for its reader: a path or `-` for standard input; a missing file, a directory or a file
/// that cannot be read is an <see cref="InputFormatException"/> naming the path. The content is gunzipped when it is
/// gzip (checked, within the decompression limit), sniffed, counted (offsets in errors), stopped at the size limit
/// when its size is not known up front (a pipe, `/dev/urandom`), and reported as progress when asked.
/// </summary>
public sealed class InputFile : IDisposable
{
    /// <summary>How a path names standard input.</summary>
    public const string StandardInput = "-";

    private readonly GuardedStream _raw;
    private readonly string? _path;

    private InputFile(string name, string? path, GuardedStream raw, Stream content, byte[] head, bool compressed, long? size, InputLimits limits)
    {
        Name = name;
        _path = path;
        _raw = raw;
        Content = content;
        Head = head;
        IsCompressed = compressed;
        Size = size;
        Limits = limits;
        Kind = InputSniffer.Sniff(head);
    }

    /// <summary>The input as the user named it (`-` for standard input).</summary>
    public string Name { get; }

    /// <summary>The content from its first byte (decompressed); offsets of errors count in it.</summary>
    public Stream Content { get; }

    /// <summary>The first bytes of the content (up to <see cref="InputSniffer.PrefixLength"/>), already part of <see cref="Content"/>.</summary>
    public ReadOnlyMemory<byte> Head { get; }

    /// <summary>What the content looks like (after decompression).</summary>
    public InputKind Kind { get; }

    public bool IsCompressed { get; }

    /// <summary>The size on disk when it is known (a regular file), else null.</summary>
    public long? Size { get; }

    public InputLimits Limits { get; }

    /// <summary>The path of a plain (uncompressed, regular) file, which a reader may also open again in pieces; else null.</summary>
    public string? PlainPath => IsCompressed ? null : _path;

    /// <summary>Where progress is reported (for readers that read <see cref="PlainPath"/> themselves), or null.</summary>
    public IProgressReporter? Progress { get; private set; }

    /// <summary>Bytes read from the disk or pipe so far (before decompression).</summary>
    public long RawBytesRead => _raw.BytesRead;

    public static InputFile Open(string path, InputLimits limits, IProgressReporter? progress = null, Func<Stream>? standardInput = null)
    {
        if (path == StandardInput)
        {
            var stdin = standardInput?.Invoke() ?? throw InputFormatException.Whole(path, "standard input is not available here");
            return FromStream(stdin, path, limits, size: null);
        }

        if (Directory.Exists(path))
        {
            throw InputFormatException.Whole(path, "is a directory, not a file");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw InputFormatException.Whole(path, "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw InputFormatException.Whole(path, "no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw InputFormatException.Whole(path, "permission denied");
        }
        catch (IOException e)
        {
            throw InputFormatException.Whole(path, $"cannot open: {e.Message}");
        }

        // Devices, pipes and /proc files have no size up front (or report 0): they are read against the size limit.
        long? size = stream.CanSeek && stream.Length > 0 ? stream.Length : null;
        Stream raw = progress is not null && size is { } total ? new ProgressStream(stream, path, total, progress) : stream;
        var input = FromStream(raw, path, limits, size, progress is null ? null : () => progress.Done(path));
        input.Progress = progress;
        return input;
    }

    /// <summary>An input over a stream (standard input, tests); <paramref name="size"/> when known.</summary>
    public static InputFile FromStream(Stream stream, string name, InputLimits limits, long? size = null, Action? onDispose = null)
    {
        var raw = new GuardedStream(stream, name, size is null ? limits.MaxInputBytes : long.MaxValue, "the input");
        var (head, whole) = PrefixedStream.Peek(raw, InputSniffer.PrefixLength);
        var compressed = head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b;
        if (!compressed)
        {
            return new InputFile(name, size is null ? null : name, raw, whole, head, false, size, limits) { _onDispose = onDispose };
        }

        Stream gunzipped = new GuardedStream(new CheckedGzipStream(whole, name), name, limits.MaxInputBytes, "the decompressed data");
        if (size is not null && Environment.ProcessorCount > 1)
        {
            // A file (not a pipe): decompress on a second core while the reader decodes.
            gunzipped = new ReadAheadStream(gunzipped);
        }

        var (contentHead, content) = PrefixedStream.Peek(gunzipped, InputSniffer.PrefixLength);
        return new InputFile(name, null, raw, content, contentHead, true, size, limits) { _onDispose = onDispose };
    }

    private Action? _onDispose;

    /// <summary>
    /// The content as a seekable stream for a reader that needs several passes: the file itself when it is a plain
    /// file on disk, else the content spooled to a temporary file (deleted on dispose), which <paramref name="note"/> is told.
    /// </summary>
    public Stream Seekable(Action<string>? note = null)
    {
        if (_path is not null && !IsCompressed)
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }

        var spool = SpoolFile.Create("spool");
        Content.CopyTo(spool);
        spool.Position = 0;
        note?.Invoke($"{(Name == StandardInput ? "standard input" : Name)} was spooled to a temporary file ({InputLimits.FormatSize(spool.Length)}) to read it in more than one pass");
        return spool;
    }

    public void Dispose()
    {
        Content.Dispose();
        _raw.Dispose();
        _onDispose?.Invoke();
    }
}
