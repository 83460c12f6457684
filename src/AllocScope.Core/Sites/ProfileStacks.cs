using AllocScope.Go;
using AllocScope.Pprof;

namespace AllocScope.Sites;

/// <summary>Turns heap profiles into the join's weighted stacks: inlined frames expanded (innermost first) as pprof does.</summary>
public static class ProfileStacks
{
    /// <summary>
    /// The stacks of heap profiles ranked by <paramref name="sampleIndex"/> (default `alloc_space` when the first profile
    /// has it, else its default type); exact when every profile was recorded at rate 1, else sampled at the first's rate.
    /// Throws <see cref="ArgumentException"/> for a sample type a profile lacks.
    /// </summary>
    public static AllocationStacks From(IReadOnlyList<Profile> profiles, string? sampleIndex)
    {
        if (profiles.Count == 0)
        {
            throw new ArgumentException("at least one profile is needed", nameof(profiles));
        }

        var first = profiles[0];
        if (sampleIndex is null && first.SampleTypes.Any(t => t.Type == "alloc_space"))
        {
            sampleIndex = "alloc_space";
        }

        var sampleType = first.SampleTypes[first.SampleIndex(sampleIndex)];
        var indexes = profiles.Select(p => p.SampleIndex(sampleType.Type)).ToList();
        var precision = profiles.All(p => p.Period == 1) ? StackPrecision.Exact : StackPrecision.Sampled(first.Period);
        return new AllocationStacks(sampleType.Type, sampleType.Unit, precision, profiles.SelectMany((p, i) => From(p, indexes[i])));
    }

    /// <summary>The samples of a heap profile with the four heap values and the ranking value at <paramref name="valueIndex"/>.</summary>
    public static IEnumerable<AllocationSample> From(Profile profile, int valueIndex)
    {
        var allocObjects = IndexOf(profile, "alloc_objects", "objects");
        var allocSpace = IndexOf(profile, "alloc_space", "space");
        var inuseObjects = IndexOf(profile, "inuse_objects", "objects");
        var inuseSpace = IndexOf(profile, "inuse_space", "space");
        var frames = new Dictionary<ulong, StackFrame[]>();
        foreach (var sample in profile.Samples)
        {
            var stack = new List<StackFrame>();
            foreach (var location in sample.Locations)
            {
                if (!frames.TryGetValue(location.Id, out var expanded))
                {
                    frames[location.Id] = expanded = Expand(location);
                }

                stack.AddRange(expanded);
            }

            var v = sample.Values;
            yield return new AllocationSample(stack, Get(v, allocObjects), Get(v, allocSpace), Get(v, inuseObjects), Get(v, inuseSpace), v[valueIndex])
            {
                Truncated = IsTruncated(sample),
            };
        }
    }

    /// <summary>
    /// PCs, not inlined lines, count toward the runtime's depth limit; hidden runtime frames (unsymbolized in legacy
    /// profiles) count too. Profiles do not say which Go wrote them: the smallest depth any version records is checked.
    /// </summary>
    private static bool IsTruncated(Sample sample)
    {
        if (sample.Locations.Count < GoVersions.MemProfileStackDepth(GoVersions.Reference))
        {
            return false;
        }

        var root = sample.Locations[^1].Lines;
        var function = root.Count > 0 ? root[^1].Function?.Name : null;
        return function is not ("runtime.goexit" or "runtime.main" or "runtime.mstart" or "runtime.rt0_go");
    }

    private static StackFrame[] Expand(Location location)
    {
        if (location.Lines.Count == 0)
        {
            // An unsymbolized address: in a legacy text profile without its binary these are the runtime frames
            // Go leaves out of the `#` comment lines (mallocgc, growslice, ...), which pprof drops too.
            return [];
        }

        var result = new StackFrame[location.Lines.Count];
        for (var i = 0; i < location.Lines.Count; i++)
        {
            var line = location.Lines[i];
            var caller = i + 1 < location.Lines.Count ? location.Lines[i + 1].Function?.Name : null;
            result[i] = new StackFrame(line.Function?.Name ?? $"0x{location.Address:x}", line.Function?.FileName ?? "<unknown>", line.LineNumber, line.Column, caller);
        }

        return result;
    }

    private static int IndexOf(Profile profile, string name, string fallback)
    {
        for (var i = 0; i < profile.SampleTypes.Count; i++)
        {
            if (profile.SampleTypes[i].Type == name)
            {
                return i;
            }
        }

        for (var i = 0; i < profile.SampleTypes.Count; i++)
        {
            if (profile.SampleTypes[i].Type == fallback)
            {
                return i;
            }
        }

        return -1;
    }

    private static long Get(long[] values, int index) => index >= 0 && index < values.Length ? values[index] : 0;
}
