namespace AllocScope.Pprof;

/// <summary>
/// A profile opened for one pass over its samples (<see cref="ProfileReader.Open"/>): read whole, or streamed — the
/// profile without its samples, which are handed to a visitor part by part instead of kept as a model. A profile.proto
/// file streams through a second pass over the file (<see cref="ProtoTwoPass"/>, one part); a legacy text profile
/// from its chunks' records (one part per chunk, visited on all cores). Memory then grows with locations and strings
/// (and the chunks' records), not with one object per sample.
/// </summary>
public sealed class StreamedProfile : IDisposable
{
    private readonly IReadOnlyList<Action<SampleVisitor>> _parts = [];
    private readonly Func<Profile>? _readWhole;
    private Action? _dispose;

    internal StreamedProfile(Profile whole) => Profile = whole;

    internal StreamedProfile(Profile withoutSamples, LocationIndex index, IReadOnlyList<Action<SampleVisitor>> parts, Func<Profile> readWhole, Action? dispose = null)
    {
        Profile = withoutSamples;
        LocationIndex = index;
        _parts = parts;
        _readWhole = readWhole;
        _dispose = dispose;
    }

    /// <summary>The profile: complete when read whole; without samples when <see cref="IsStreamed"/>.</summary>
    public Profile Profile { get; }

    /// <summary>True when the samples come from <see cref="ForEachSample"/> rather than <see cref="Profile"/>.</summary>
    public bool IsStreamed => _readWhole is not null;

    /// <summary>How many parts the samples come in (in file order; parts may be visited at the same time).</summary>
    internal int PartCount => _parts.Count;

    /// <summary>The profile's locations by id, for the ids <see cref="ForEachSample"/> hands over.</summary>
    internal LocationIndex LocationIndex => field ??= new LocationIndex(Profile.Locations);

    /// <summary>
    /// The samples of part <paramref name="part"/>, each as written: samples with equal stacks and labels are not
    /// added up, unlike a whole read of a profile.proto. Any <see cref="Inputs.InputFormatException"/> here is a reason to
    /// <see cref="ReadWhole"/>, which reports the first problem in file order.
    /// </summary>
    internal void ForEachSample(int part, SampleVisitor visit) => _parts[part](visit);

    /// <summary>The profile with its samples: <see cref="Profile"/>, or built again whole (what streaming held given back first).</summary>
    internal Profile ReadWhole()
    {
        if (_readWhole is null)
        {
            return Profile;
        }

        Dispose();
        return _readWhole();
    }

    public void Dispose()
    {
        var dispose = _dispose;
        _dispose = null;
        dispose?.Invoke();
    }
}
