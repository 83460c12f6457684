using AllocScope.Inputs;

namespace AllocScope.Trace;

/// <summary>The 16-byte header of every Go execution trace, `go 1.N trace` and NULs (Go's version.ReadHeader).</summary>
public static class TraceHeader
{
    public const int Length = 16;

    /// <summary>The version as major×1000+minor (1019 for `go 1.19 trace`); anything else is not a trace.</summary>
    public static int Parse(ReadOnlySpan<byte> b, string file)
    {
        if (b.Length < Length)
        {
            throw InputFormatException.AtOffset(file, 0, $"truncated: a trace header is 16 bytes, the file has {b.Length}");
        }

        if (b[0] != 'g' || b[1] != 'o' || b[2] != ' ' || b[3] < '1' || b[3] > '9' || b[4] != '.' || b[5] < '1' || b[5] > '9')
        {
            throw NotATrace(file);
        }

        var version = b[5] - '0';
        var i = 0;
        for (; i < 2 && b[6 + i] >= '0' && b[6 + i] <= '9'; i++)
        {
            version = version * 10 + b[6 + i] - '0';
        }

        if (!b[(6 + i)..Length].SequenceEqual(" trace\0\0\0\0"u8[..(10 - i)]))
        {
            throw NotATrace(file);
        }

        return ((b[3] - '0') * 1000) + version;
    }

    private static InputFormatException NotATrace(string file) =>
        InputFormatException.AtOffset(file, 0, "not a Go execution trace (the header is not \"go 1.N trace\")");
}
