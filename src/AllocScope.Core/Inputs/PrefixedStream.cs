namespace AllocScope.Inputs;

/// <summary>A stream that first returns bytes already read from another stream (to sniff it), then the rest of it.</summary>
public sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyForwardStream(rest)
{
    private ReadOnlyMemory<byte> _prefix = prefix;

    /// <summary>Reads the first bytes of a stream (up to <paramref name="length"/>) and returns them with a stream that still yields everything.</summary>
    public static (byte[] Prefix, Stream Whole) Peek(Stream stream, int length)
    {
        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false);
        Array.Resize(ref buffer, read);
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            return (buffer, stream);
        }

        return (buffer, new PrefixedStream(buffer, stream));
    }

    public override int Read(Span<byte> buffer)
    {
        if (!_prefix.IsEmpty)
        {
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }

        return Inner.Read(buffer);
    }
}
