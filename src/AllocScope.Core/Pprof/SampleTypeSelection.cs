namespace AllocScope.Pprof;

/// <summary>Which sample type of each merged profile to sum: the first profile resolves the name, later ones must have the same type.</summary>
internal static class SampleTypeSelection
{
    /// <summary>
    /// The index of the values to sum in <paramref name="profile"/>: <paramref name="sampleType"/> resolved as pprof's
    /// -sample_index when nothing is chosen yet, else the index of <paramref name="chosen"/> (ArgumentException when absent).
    /// </summary>
    public static int IndexIn(Profile profile, string? sampleType, ValueType? chosen)
    {
        if (chosen is null)
        {
            return profile.SampleIndex(sampleType);
        }

        var index = -1;
        for (var i = 0; i < profile.SampleTypes.Count; i++)
        {
            if (profile.SampleTypes[i] == chosen)
            {
                index = i;
            }
        }

        return index >= 0 ? index : throw new ArgumentException($"profiles are not compatible: sample type {chosen} is not in a later profile (it has "
            + string.Join(", ", profile.SampleTypes) + ")");
    }
}
