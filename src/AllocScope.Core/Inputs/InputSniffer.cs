using System.Text;

namespace AllocScope.Inputs;

/// <summary>
/// Guesses the kind of an input from its first bytes. Readers use it to reject a wrong file with a message that
/// says what the file looks like ("this is an execution trace, not a heap profile").
/// </summary>
public static class InputSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int PrefixLength = 4096;

    public static InputKind SniffFile(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[PrefixLength];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Sniff(buffer.AsSpan(0, read));
    }

    public static InputKind Sniff(ReadOnlySpan<byte> prefix)
    {
        if (prefix.IsEmpty)
        {
            return InputKind.Empty;
        }

        if (prefix.Length >= 2 && prefix[0] == 0x1f && prefix[1] == 0x8b)
        {
            return InputKind.Gzip;
        }

        if (prefix.StartsWith("\u007fELF"u8))
        {
            return InputKind.ElfBinary;
        }

        if (prefix.StartsWith("go 1."u8) && prefix.IndexOf(" trace\0"u8) is > 0 and < 12)
        {
            return InputKind.ExecutionTrace;
        }

        if (LooksLikeLegacyCpu(prefix))
        {
            return InputKind.LegacyCpuProfile;
        }

        var text = Encoding.UTF8.GetString(prefix);
        var firstLine = FirstNonBlankLine(text);
        if (firstLine.StartsWith("heap profile:", StringComparison.Ordinal))
        {
            return InputKind.LegacyHeapProfile;
        }

        if (firstLine.Contains(" profile: total ", StringComparison.Ordinal))
        {
            return InputKind.LegacyCountProfile;
        }

        if (firstLine.StartsWith("--- contention", StringComparison.Ordinal) || firstLine.StartsWith("--- mutex", StringComparison.Ordinal))
        {
            return InputKind.LegacyContentionProfile;
        }

        if (firstLine.StartsWith("{\"version\":", StringComparison.Ordinal))
        {
            return InputKind.EscapeJsonLog;
        }

        foreach (var line in text.Split('\n').Take(50))
        {
            if (line.StartsWith("gc ", StringComparison.Ordinal) && line.Contains(" MB goal", StringComparison.Ordinal))
            {
                return InputKind.GcTrace;
            }

            if (line.StartsWith("Benchmark", StringComparison.Ordinal) && line.Contains(" ns/op", StringComparison.Ordinal))
            {
                return InputKind.BenchmarkOutput;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal) || line.Contains(".go:", StringComparison.Ordinal))
            {
                if (line.Contains("escapes to heap", StringComparison.Ordinal) || line.Contains("can inline", StringComparison.Ordinal)
                    || line.Contains("does not escape", StringComparison.Ordinal) || line.Contains("moved to heap", StringComparison.Ordinal)
                    || line.Contains("leaking param", StringComparison.Ordinal) || line.Contains("inlining call", StringComparison.Ordinal))
                {
                    return InputKind.EscapeLog;
                }
            }
        }

        // A protobuf Profile starts with a field tag of a known Profile field (1..15) and a valid wire type.
        if (LooksLikeProfileProto(prefix))
        {
            return InputKind.PprofProto;
        }

        return InputKind.Unknown;
    }

    /// <summary>A short noun phrase for messages: "an execution trace", "a -gcflags=-m escape log".</summary>
    public static string Describe(InputKind kind) => kind switch
    {
        InputKind.Empty => "an empty file",
        InputKind.Unknown => "a file of unknown format",
        InputKind.Gzip => "a gzip file",
        InputKind.PprofProto => "a pprof profile.proto",
        InputKind.LegacyHeapProfile => "a legacy text heap profile",
        InputKind.LegacyCountProfile => "a legacy text count profile (goroutine/threadcreate)",
        InputKind.LegacyContentionProfile => "a legacy contention profile",
        InputKind.LegacyCpuProfile => "a legacy binary CPU profile",
        InputKind.ExecutionTrace => "a Go execution trace",
        InputKind.EscapeLog => "a -gcflags=-m escape log",
        InputKind.EscapeJsonLog => "a -gcflags=-json=0 optimizer log",
        InputKind.GcTrace => "GODEBUG=gctrace=1 output",
        InputKind.BenchmarkOutput => "go test -bench output",
        InputKind.ElfBinary => "an ELF binary",
        _ => kind.ToString(),
    };

    private static string FirstNonBlankLine(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0)
            {
                return trimmed;
            }
        }

        return string.Empty;
    }

    private static bool LooksLikeLegacyCpu(ReadOnlySpan<byte> p)
    {
        // gperftools header: words [0, 3, 0|1, period, 0] in 32- or 64-bit, either endianness.
        if (p.Length >= 40 && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(p) == 0
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(p[8..]) == 3)
        {
            return true;
        }

        if (p.Length >= 40 && System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(p) == 0
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(p[8..]) == 3)
        {
            return true;
        }

        if (p.Length >= 20 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(p) == 0
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(p[4..]) == 3)
        {
            return true;
        }

        return p.Length >= 20 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p) == 0
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p[4..]) == 3;
    }

    private static bool LooksLikeProfileProto(ReadOnlySpan<byte> p)
    {
        var tag = p[0];
        var field = tag >> 3;
        var wire = tag & 7;
        if (field is < 1 or > 15 || (wire != 0 && wire != 2))
        {
            return false;
        }

        // Text that happens to start with a plausible tag byte is not a profile: a proto always has control bytes early.
        foreach (var b in p[..Math.Min(p.Length, 64)])
        {
            if (b < 0x09 || (b > 0x0d && b < 0x20))
            {
                return true;
            }
        }

        return p.Length < 4;
    }
}
