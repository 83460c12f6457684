namespace AllocScope.Inputs;

/// <summary>
/// How far a reader has got through one input. Readers report it through an <see cref="IProgress{T}"/> the caller
/// passes in (the command line shows it on a terminal); Core never writes to the console itself.
/// </summary>
/// <param name="File">The input as the user named it.</param>
/// <param name="BytesRead">Bytes consumed so far.</param>
/// <param name="TotalBytes">The input's size when known (a file), else null (a pipe).</param>
public readonly record struct ReadProgress(string File, long BytesRead, long? TotalBytes)
{
    /// <summary>Inputs smaller than this finish too fast for progress to be worth showing (~50 MB).</summary>
    public const long WorthReportingBytes = 50L << 20;

    /// <summary>0..1 when the size is known.</summary>
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1.0, (double)BytesRead / TotalBytes.Value) : null;
}
