using System.IO.Compression;
using System.Text;
using AllocScope.Inputs;
using AllocScope.Progress;

namespace AllocScope.Pprof;

/// <summary>
/// Reads any pprof profile: profile.proto (gzipped or not, any profile type), legacy text heap profiles and legacy
/// binary CPU profiles. Detects the form from the first bytes; anything else is an <see cref="InputFormatException"/>
/// that says what the file looks like. Streams the file once.
/// </summary>
public static class ProfileReader
{
    private const int SniffLength = 4096;

    public static Profile Read(string path, IProgressReporter? progress = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (progress is not null)
        {
            stream = new ProgressStream(stream, path, info.Length, progress);
        }

        try
        {
            using (stream)
            {
                return Read(stream, path);
            }
        }
        finally
        {
            progress?.Done(path);
        }
    }

    public static Profile Read(Stream stream, string displayName)
    {
        try
        {
            return ReadCore(stream, displayName);
        }
        catch (InvalidDataException e)
        {
            throw InputFormatException.Whole(displayName, $"corrupt gzip data: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw InputFormatException.Whole(displayName, "truncated gzip data: the compressed stream ends early");
        }
    }

    private static Profile ReadCore(Stream stream, string file)
    {
        var (prefix, length) = ReadPrefix(stream);
        if (length == 0)
        {
            throw InputFormatException.Whole(file, "empty file: expected a pprof profile");
        }

        Stream data = new PrefixedStream(prefix, length, stream);
        var compressed = length >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;
        if (compressed)
        {
            data = new GZipStream(data, CompressionMode.Decompress);
            (prefix, length) = ReadPrefix(data);
            if (length == 0)
            {
                throw InputFormatException.Whole(file, "the gzip data decompresses to nothing: expected a pprof profile");
            }

            data = new PrefixedStream(prefix, length, data);
        }

        var head = prefix.AsSpan(0, length);
        if (LegacyCpuReader.LooksLikeCpu(head))
        {
            using var all = new MemoryStream();
            data.CopyTo(all);
            return LegacyCpuReader.Read(all.ToArray(), file);
        }

        var firstLine = FirstLine(head);
        if (LegacyHeapReader.IsHeader(firstLine))
        {
            return LegacyHeapReader.Read(data, file);
        }

        var kind = InputSniffer.Sniff(head);
        switch (kind)
        {
            case InputKind.Empty:
            case InputKind.Unknown:
            case InputKind.PprofProto:
            case InputKind.Gzip:
                break;
            case InputKind.LegacyCountProfile:
            case InputKind.LegacyContentionProfile:
                throw InputFormatException.AtLine(file, 1,
                    $"this is {InputSniffer.Describe(kind)} in the legacy text form, which is not supported; write it with debug=0 (profile.proto)");
            default:
                throw InputFormatException.Whole(file, $"this looks like {InputSniffer.Describe(kind)}, not a pprof profile");
        }

        if (head[0] != 0 && LooksLikeText(head))
        {
            throw InputFormatException.AtLine(file, 1,
                $"expected a pprof profile (profile.proto, or a legacy \"heap profile:\" text), found text \"{Shorten(firstLine)}\"");
        }

        return ProtoProfileReader.Read(data, file);
    }

    private static (byte[] Prefix, int Length) ReadPrefix(Stream stream)
    {
        var prefix = new byte[SniffLength];
        var length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        return (prefix, length);
    }

    private static string FirstLine(ReadOnlySpan<byte> head)
    {
        var newline = head.IndexOf((byte)'\n');
        var line = newline >= 0 ? head[..newline] : head;
        return Encoding.UTF8.GetString(line).TrimEnd('\r');
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0d && b < 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
