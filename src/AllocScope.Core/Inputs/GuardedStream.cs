namespace AllocScope.Inputs;

/// <summary>
/// The bytes of an input as a reader sees them: counted (the offset of every error), stopped at a size limit (an
/// endless device, a gzip bomb), and with read failures (`/proc/self/mem`, a vanished disk) turned into one clear
/// <see cref="InputFormatException"/> at the offset they happened.
/// </summary>
public sealed class GuardedStream(Stream inner, string file, long maxBytes, string what) : ReadOnlyForwardStream(inner)
{
    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = Inner.Read(buffer);
        }
        catch (IOException e)
        {
            throw InputFormatException.AtOffset(file, BytesRead, $"cannot read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw InputFormatException.AtOffset(file, BytesRead, $"cannot read: {e.Message}");
        }

        BytesRead += n;
        if (BytesRead > maxBytes)
        {
            throw new InputLimitException(file, maxBytes, $"{what} is larger than {InputLimits.FormatSize(maxBytes)}", InputLimits.MaxInputFlag);
        }

        return n;
    }
}
