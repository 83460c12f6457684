namespace AllocScope.Inputs;

/// <summary>
/// Base of the streams readers wrap around an input (replaying sniffed bytes, checking gzip, reporting progress):
/// read-only and forward-only over an inner stream they own. Subclasses implement <see cref="Read(Span{byte})"/>.
/// </summary>
public abstract class ReadOnlyForwardStream(Stream inner) : Stream
{
    /// <summary>The wrapped stream, disposed with this one.</summary>
    protected Stream Inner { get; } = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public abstract override int Read(Span<byte> buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
