using AllocScope.Inputs;

namespace AllocScope.Tests.Infrastructure;

/// <summary>A stream that hands out at most one byte per read, to prove readers do not assume whole buffers.</summary>
public sealed class OneByteStream(Stream inner) : ReadOnlyForwardStream(inner)
{
    public override int Read(Span<byte> buffer) => Inner.Read(buffer[..Math.Min(buffer.Length, 1)]);
}
