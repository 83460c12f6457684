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

        Stream data = new PrefixedStream(prefix.AsMemory(0, length), stream);
        var compressed = length >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b;
        if (compressed)
        {
            data = new CheckedGzipStream(new TailStream(data), file);
            (prefix, length) = ReadPrefix(data);
            if (length == 0)
            {
                throw InputFormatException.Whole(file, "the gzip data decompresses to nothing: expected a pprof profile");
            }

            data = new PrefixedStream(prefix.AsMemory(0, length), data);
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
                $"expected a pprof profile (profile.proto, or a legacy \"heap profile:\" text), found text \"{TextSnippet.Shorten(firstLine)}\"");
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


    /// <summary>
    /// Decompresses gzip and checks the trailer's length field (ISIZE) against what was decompressed: GZipStream ends
    /// quietly when a file is cut inside the 8-byte trailer, which would otherwise pass as complete.
    /// </summary>
    private sealed class CheckedGzipStream(TailStream source, string file) : ReadOnlyForwardStream(new GZipStream(source, CompressionMode.Decompress))
    {
        private long _decompressed;
        private bool _checked;

        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            _decompressed += n;
            if (n == 0 && buffer.Length > 0 && !_checked)
            {
                _checked = true;
                source.Drain();
                if (source.Total < 18 || source.TailLength != (uint)_decompressed)
                {
                    throw InputFormatException.AtOffset(file, source.Total,
                        "truncated gzip data: the trailer is missing or does not match the decompressed length");
                }
            }

            return n;
        }
    }

    /// <summary>Passes bytes through and remembers the last four, to read the gzip ISIZE field at the end.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyForwardStream(inner)
    {
        private readonly byte[] _tail = new byte[4];

        public long Total { get; private set; }

        public uint TailLength => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_tail);

        public void Drain()
        {
            var buffer = new byte[4096];
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            if (n >= 4)
            {
                buffer.Slice(n - 4, 4).CopyTo(_tail);
            }
            else if (n > 0)
            {
                // Shift the remembered tail left by n and append the new bytes.
                var merged = new byte[4 + n];
                _tail.CopyTo(merged, 0);
                buffer[..n].CopyTo(merged.AsSpan(4));
                merged.AsSpan(n, 4).CopyTo(_tail);
            }

            Total += n;
            return n;
        }
    }
}
