namespace AllocScope.Inputs;

/// <summary>
/// Copies what is read from its inner stream to a second one (a <see cref="SpoolFile"/>), so a reader's first pass over
/// decompressed data or a pipe leaves the bytes for a second pass without decompressing or reading them again.
/// </summary>
public sealed class TeeStream(Stream inner, Stream copy) : ReadOnlyForwardStream(inner)
{
    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        copy.Write(buffer[..n]);
        return n;
    }
}
