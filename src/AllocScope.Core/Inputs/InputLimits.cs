using System.Globalization;

namespace AllocScope.Inputs;

/// <summary>
/// How much of an input the readers accept before they stop with an <see cref="InputLimitException"/>, each limit
/// named by the command-line flag that raises it. The defaults read any real input that fits in memory; they exist
/// for what is not real: gzip bombs, endless devices, corrupt lengths.
/// </summary>
public sealed record InputLimits
{
    public const string MaxInputFlag = "--max-input";
    public const string MaxStringFlag = "--max-string";
    public const string MaxRecordsPerByteFlag = "--max-records-per-byte";
    public const string MaxMemoryFlag = "--max-memory";
    public const string MaxStringTableFlag = "--max-string-table";

    /// <summary>Bytes of input after decompression (and of any input whose size is not known up front: pipes, devices).</summary>
    public long MaxInputBytes { get; init; } = 64L << 30;

    /// <summary>The longest string, text line or length-delimited record a reader takes whole.</summary>
    public int MaxStringBytes { get; init; } = 64 << 20;

    /// <summary>
    /// All the strings of one profile together (names, files, labels): real ones are a few MB even for huge binaries,
    /// a gzip bomb of a string table is gigabytes from a few MB on disk.
    /// </summary>
    public long MaxStringTableBytes { get; init; } = 256L << 20;

    /// <summary>
    /// Records (samples, locations, functions, strings) per byte of the input as read from disk: deflate expands at
    /// most ~1000×, so only a nested or hand-made bomb gets near the default.
    /// </summary>
    public long MaxRecordsPerInputByte { get; init; } = 1000;

    /// <summary>What the readers may keep in memory, shared by every input of one run.</summary>
    public MemoryBudget Memory { get; init; } = new(MemoryBudget.DefaultLimit);

    /// <summary>Parses a size like `100M`, `2G`, `512KiB`, `1.5GB` or plain bytes; null when it is not one.</summary>
    public static long? ParseSize(string text)
    {
        var m = System.Text.RegularExpressions.Regex.Match(text.Trim(), "^([0-9]+(?:\\.[0-9]+)?) ?([kKmMgGtT]?)(?:i?[bB])?$");
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var multiplier = char.ToUpperInvariant(m.Groups[2].Value.FirstOrDefault('B')) switch { 'K' => 1L << 10, 'M' => 1L << 20, 'G' => 1L << 30, 'T' => 1L << 40, _ => 1L };
        return value * multiplier < long.MaxValue ? (long)(value * multiplier) : null;
    }

    /// <summary>A size for messages: `100 MB`, `64 GB`, `512 kB`.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} kB",
        _ => $"{bytes} B",
    };
}

/// <summary>
/// An upper bound on what the readers keep (stacks, samples, strings, decisions), charged before they keep it, so a
/// hostile input stops near the budget instead of first growing past it. Shared by the inputs of a run; thread-safe.
/// </summary>
public sealed class MemoryBudget(long limitBytes)
{
    private long _used;

    /// <summary>Three quarters of the memory this process may use.</summary>
    public static long DefaultLimit => Math.Max(256L << 20, (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.75));

    public long Limit { get; } = limitBytes;

    public long Used => Interlocked.Read(ref _used);

    /// <summary>Charges <paramref name="bytes"/> for what is kept of <paramref name="file"/> at <paramref name="where"/>; throws when over the limit.</summary>
    public void Charge(long bytes, string file, InputPosition where, string what)
    {
        if (Interlocked.Add(ref _used, bytes) > Limit)
        {
            throw new InputLimitException(file, where, $"the memory budget of {InputLimits.FormatSize(Limit)} is used up by {what}", InputLimits.MaxMemoryFlag);
        }
    }

    /// <summary>Gives back what a reader charged for something it has dropped (an abandoned parallel read).</summary>
    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}

/// <summary>Where in an input something happened: a byte offset (binary, or any input) or a line (text).</summary>
public readonly record struct InputPosition(long Value, bool IsLine)
{
    public static implicit operator InputPosition(long offset) => new(offset, false);

    public static InputPosition Line(long line) => new(line, true);

    public override string ToString() => IsLine ? $"line {Value}" : $"at byte {Value}";
}

/// <summary>An input hit one of the <see cref="InputLimits"/>: the message names the limit and the flag that raises it.</summary>
public sealed class InputLimitException(string file, InputPosition where, string what, string flag)
    : InputFormatException(file, $"{where}: {what} (raise the limit with {flag})")
{
    public string Flag { get; } = flag;
}
