using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Reads any pprof profile: profile.proto (gzipped or not, any profile type), legacy text heap profiles and legacy
/// binary CPU profiles. Detects the form from the first bytes; anything else is an <see cref="InputFormatException"/>
/// that says what the file looks like. Streams the file once (<see cref="Open"/>: twice, keeping no samples).
/// </summary>
public static class ProfileReader
{
    /// <summary>Reads a profile file, or standard input for `-` (through <paramref name="standardInput"/>).</summary>
    public static Profile Read(string path, InputLimits? limits = null, IProgressReporter? progress = null, Func<Stream>? standardInput = null)
    {
        using var input = InputFile.Open(path, limits ?? new InputLimits(), progress, standardInput);
        return Read(input);
    }

    /// <summary>Reads a profile from a stream (which is disposed).</summary>
    public static Profile Read(Stream stream, string displayName, InputLimits? limits = null)
    {
        using var input = InputFile.FromStream(stream, displayName, limits ?? new InputLimits());
        return Read(input);
    }

    public static Profile Read(InputFile input) => Detect(input) switch
    {
        ProfileFormat.LegacyCpuBinary => LegacyCpuReader.Read(ReadAll(input), input.Name),
        ProfileFormat.LegacyHeapText => LegacyHeapReader.Read(input),
        _ => ProtoProfileReader.Read(input.Content, input.Name, input.Limits, () => input.RawBytesRead),
    };

    /// <summary>
    /// Opens a profile for one pass over its samples (top, diff), without one object per sample: a profile.proto file
    /// on disk streams its samples through a second pass (<see cref="ProtoTwoPass"/>); a legacy text heap profile hands
    /// over its chunks' records. Standard input and pipes of profile.proto, and legacy CPU profiles, are read whole.
    /// </summary>
    public static StreamedProfile Open(string path, InputLimits? limits = null, IProgressReporter? progress = null, Func<Stream>? standardInput = null)
    {
        limits ??= new InputLimits();
        var passes = progress is null ? null : new TwoPassProgress(progress, path);
        using var input = InputFile.Open(path, limits, passes, standardInput);
        switch (Detect(input))
        {
            case ProfileFormat.LegacyHeapText:
                return LegacyHeapReader.Open(input);
            case ProfileFormat.Proto when path != InputFile.StandardInput && input.Size is not null:
                return ProtoTwoPass.Open(input, path, limits, passes) ?? new StreamedProfile(Read(path, limits, progress));
            default:
                return new StreamedProfile(Read(input));
        }
    }

    /// <summary>The form of the input's content; anything that is not a pprof profile is an <see cref="InputFormatException"/>.</summary>
    internal static ProfileFormat Detect(InputFile input)
    {
        var file = input.Name;
        var head = input.Head.Span;
        if (head.IsEmpty)
        {
            throw InputFormatException.Whole(file, input.IsCompressed
                ? "the gzip data decompresses to nothing: expected a pprof profile"
                : "empty file: expected a pprof profile");
        }

        if (LegacyCpuReader.LooksLikeCpu(head))
        {
            return ProfileFormat.LegacyCpuBinary;
        }

        var firstLine = FirstLine(head);
        if (LegacyHeapReader.IsHeader(firstLine))
        {
            return ProfileFormat.LegacyHeapText;
        }

        switch (input.Kind)
        {
            case InputKind.Empty:
            case InputKind.Unknown:
            case InputKind.PprofProto:
            case InputKind.Gzip:
                break;
            case InputKind.LegacyCountProfile:
            case InputKind.LegacyContentionProfile:
                throw InputFormatException.AtLine(file, 1,
                    $"this is {InputSniffer.Describe(input.Kind)} in the legacy text form, which is not supported; write it with debug=0 (profile.proto)");
            default:
                throw InputFormatException.Whole(file, $"this looks like {InputSniffer.Describe(input.Kind)}, not a pprof profile");
        }

        if (head[0] != 0 && LooksLikeText(head))
        {
            throw InputFormatException.AtLine(file, 1,
                $"expected a pprof profile (profile.proto, or a legacy \"heap profile:\" text), found text \"{TextSnippet.Shorten(firstLine)}\"");
        }

        return ProfileFormat.Proto;
    }

    /// <summary>The whole content, charged to the memory budget as it arrives (legacy CPU profiles are small).</summary>
    private static byte[] ReadAll(InputFile input)
    {
        using var all = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = input.Content.Read(buffer)) > 0)
        {
            input.Limits.Memory.Charge(n, input.Name, all.Length, "the CPU profile's bytes");
            all.Write(buffer, 0, n);
        }

        return all.ToArray();
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
}
