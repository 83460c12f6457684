namespace AllocScope.Pprof;

/// <summary>A sample or period type: what is counted and in which unit (profile.proto ValueType).</summary>
public sealed record ValueType(string Type, string Unit)
{
    public override string ToString() => $"{Type}/{Unit}";
}

/// <summary>An address range of the profiled process mapped from a file (profile.proto Mapping).</summary>
public sealed record Mapping(
    ulong Id,
    ulong MemoryStart,
    ulong MemoryLimit,
    ulong FileOffset,
    string FileName,
    string BuildId,
    bool HasFunctions,
    bool HasFileNames,
    bool HasLineNumbers,
    bool HasInlineFrames);

/// <summary>A function of the profiled program (profile.proto Function).</summary>
public sealed record Function(ulong Id, string Name, string SystemName, string FileName, long StartLine);

/// <summary>
/// One source position of a location. In <see cref="Location.Lines"/> index 0 is the innermost inlined frame and the
/// last entry is the function the preceding ones were inlined into (as in profile.proto).
/// </summary>
public readonly record struct Line(Function? Function, long LineNumber, long Column);

/// <summary>A program counter with its source positions (profile.proto Location).</summary>
public sealed class Location(ulong id, Mapping? mapping, ulong address, IReadOnlyList<Line> lines, bool isFolded)
{
    public ulong Id { get; } = id;

    public Mapping? Mapping { get; internal set; } = mapping;

    public ulong Address { get; } = address;

    /// <summary>Innermost inlined frame first; the physical caller last. Empty when not symbolized.</summary>
    public IReadOnlyList<Line> Lines { get; internal set; } = lines;

    public bool IsFolded { get; } = isFolded;

    public override string ToString() => Lines.Count > 0 && Lines[0].Function is { } f
        ? $"{f.Name} {f.FileName}:{Lines[0].LineNumber}"
        : $"0x{Address:x}";
}

/// <summary>
/// A sample label: a string label when <see cref="Str"/> is set, else a numeric one (<see cref="Num"/> with an optional
/// <see cref="NumUnit"/>). Go heap profiles carry the numeric label "bytes" (the block size).
/// </summary>
public readonly record struct Label(string Key, string? Str, long Num, string? NumUnit)
{
    public bool IsNumeric => Str is null;
}

/// <summary>One sample: a stack (leaf first), one value per sample type, and labels.</summary>
public sealed class Sample(IReadOnlyList<Location> locations, long[] values, IReadOnlyList<Label> labels)
{
    private static readonly Label[] s_noLabels = [];

    public Sample(IReadOnlyList<Location> locations, long[] values)
        : this(locations, values, s_noLabels)
    {
    }

    /// <summary>Leaf first.</summary>
    public IReadOnlyList<Location> Locations { get; internal set; } = locations;

    public long[] Values { get; } = values;

    public IReadOnlyList<Label> Labels { get; } = labels;

    /// <summary>String labels grouped by key, in file order.</summary>
    public IReadOnlyDictionary<string, string[]> StringLabels =>
        Labels.Where(l => !l.IsNumeric).GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.Select(l => l.Str!).ToArray());

    /// <summary>The first numeric label named <paramref name="key"/> (e.g. "bytes"), or null.</summary>
    public long? NumericLabel(string key)
    {
        foreach (var label in Labels)
        {
            if (label.IsNumeric && label.Key == key)
            {
                return label.Num;
            }
        }

        return null;
    }
}

/// <summary>
/// A profile as pprof sees it after parsing (profile.proto semantics), whatever the file's form. Immutable after reading.
/// Sample values are final: legacy heap profiles are already unsampled exactly as pprof does.
/// </summary>
public sealed class Profile
{
    public required IReadOnlyList<ValueType> SampleTypes { get; init; }

    public required ValueType PeriodType { get; init; }

    public long Period { get; init; }

    /// <summary>The sample type name to show by default, or null when the file names none (then the last type).</summary>
    public string? DefaultSampleType { get; init; }

    public long TimeNanos { get; init; }

    public long DurationNanos { get; init; }

    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>The "# runtime.MemStats" trailer of a legacy text heap profile (name → value as written), else empty.</summary>
    public IReadOnlyDictionary<string, string> MemStats { get; init; } = new Dictionary<string, string>();

    public string DropFrames { get; init; } = "";

    public string KeepFrames { get; init; } = "";

    public string DocUrl { get; init; } = "";

    public required IReadOnlyList<Mapping> Mappings { get; init; }

    public required IReadOnlyList<Location> Locations { get; init; }

    public required IReadOnlyList<Function> Functions { get; init; }

    public required IReadOnlyList<Sample> Samples { get; init; }

    /// <summary>What the file was (proto, legacy heap, legacy CPU), for messages.</summary>
    public ProfileFormat Format { get; init; }

    /// <summary>True for heap (and allocs) profiles: alloc_space/inuse_space, or the `space` of legacy heap profiles.</summary>
    public bool IsHeapProfile => SampleTypes.Any(t => t.Type is "alloc_space" or "inuse_space") || (PeriodType.Type == "space" && SampleTypes.Any(t => t.Type == "space"));

    /// <summary>What kind of profile this is, for messages: "a heap profile", "a CPU profile", ….</summary>
    public string Describe()
    {
        var types = SampleTypes.Select(t => t.Type).ToList();
        var kind = types switch
        {
            _ when IsHeapProfile => "a heap profile",
            _ when types.Contains("cpu") || PeriodType.Type == "cpu" => "a CPU profile",
            _ when types.Contains("goroutine") => "a goroutine profile",
            _ when types.Contains("threadcreate") => "a threadcreate profile",
            _ when types.Contains("contentions") || types.Contains("delay") => "a block or mutex profile",
            _ => "a profile",
        };
        return $"{kind} ({string.Join(", ", SampleTypes)})";
    }

    /// <summary>
    /// Resolves a sample type like pprof's -sample_index: a type name, a number, or null for the default sample type
    /// (else the last type). Throws <see cref="ArgumentException"/> listing the valid names otherwise.
    /// </summary>
    public int SampleIndex(string? name)
    {
        if (SampleTypes.Count == 0)
        {
            throw new ArgumentException("the profile has no sample types");
        }

        if (string.IsNullOrEmpty(name))
        {
            if (!string.IsNullOrEmpty(DefaultSampleType))
            {
                for (var i = 0; i < SampleTypes.Count; i++)
                {
                    if (SampleTypes[i].Type == DefaultSampleType)
                    {
                        return i;
                    }
                }
            }

            return SampleTypes.Count - 1;
        }

        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0 || index >= SampleTypes.Count)
            {
                throw new ArgumentException($"sample index {index} is out of range [0..{SampleTypes.Count - 1}]");
            }

            return index;
        }

        // Like pprof, "inuse_space"/"inuse_objects" also select "space"/"objects" of profiles that have only those.
        var withoutInuse = name.StartsWith("inuse_", StringComparison.Ordinal) ? name["inuse_".Length..] : name;
        for (var i = 0; i < SampleTypes.Count; i++)
        {
            if (SampleTypes[i].Type == name || SampleTypes[i].Type == withoutInuse)
            {
                return i;
            }
        }

        throw new ArgumentException($"sample type \"{name}\" is not in the profile; valid sample types: "
            + string.Join(", ", SampleTypes.Select(t => t.Type)));
    }
}

/// <summary>The on-disk form a profile was read from.</summary>
public enum ProfileFormat
{
    Proto,
    LegacyHeapText,
    LegacyCpuBinary,
}
