using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// A profile opened for one pass over its samples (<see cref="ProfileReader.Open"/>). Either read whole, or, for a
/// profile.proto file on disk, read twice: the first pass kept everything but the samples (Go writes the string table
/// last, so a sample cannot be named when it is read), the second hands each sample to a visitor and keeps nothing.
/// Memory then grows with locations and strings, not with samples or distinct stacks.
/// </summary>
public sealed class StreamedProfile : IDisposable
{
    private readonly string _path = "";
    private readonly FileStream? _spool;
    private readonly InputLimits? _limits;
    private readonly TwoPassProgress? _progress;
    private readonly long _length;
    private long _charged;

    internal StreamedProfile(Profile whole, TwoPassProgress? progress)
    {
        Profile = whole;
        _progress = progress;
    }

    internal StreamedProfile(Profile withoutSamples, string path, FileStream? spool, InputLimits limits, TwoPassProgress? progress, long length, long charged)
    {
        _spool = spool;
        Profile = withoutSamples;
        IsStreamed = true;
        _path = path;
        _limits = limits;
        _progress = progress;
        _length = length;
        _charged = charged;
    }

    /// <summary>The profile: complete when read whole; without samples when <see cref="IsStreamed"/>.</summary>
    public Profile Profile { get; }

    /// <summary>The profile's locations by id, for the ids <see cref="ForEachSample"/> hands over.</summary>
    internal LocationIndex LocationIndex => field ??= new LocationIndex(Profile.Locations);

    /// <summary>True when the samples come from <see cref="ForEachSample"/> rather than <see cref="Profile"/>.</summary>
    public bool IsStreamed { get; }

    /// <summary>
    /// The second pass: each sample as written (samples with equal stacks and labels are not added up, unlike
    /// <see cref="ProfileReader.Read(string, InputLimits?, IProgressReporter?, Func{Stream}?)"/>). Any
    /// <see cref="InputFormatException"/> here is a reason to <see cref="ReadWhole"/>, which reports the first problem.
    /// </summary>
    internal void ForEachSample(SampleVisitor visit)
    {
        if (!IsStreamed)
        {
            throw new InvalidOperationException("the profile was read whole: use its samples");
        }

        _progress?.StartSecondPass();
        if (_spool is not null)
        {
            _spool.Position = 0;
            Stream spooled = _progress is null ? _spool : new ProgressStream(_spool, _path, _spool.Length, _progress);
            ProtoSampleScan.Run(spooled, _path, _limits!, LocationIndex, Profile.SampleTypes.Count, _length, visit);
            _progress?.Finish();
            return;
        }

        using var input = InputFile.Open(_path, _limits!, _progress);
        if (ProfileReader.Detect(input) != ProfileFormat.Proto)
        {
            throw InputFormatException.Whole(_path, "the profile changed while being read");
        }

        ProtoSampleScan.Run(input.Content, _path, _limits!, LocationIndex, Profile.SampleTypes.Count, _length, visit);
    }

    /// <summary>The profile with its samples: <see cref="Profile"/>, or the file read again whole (the streamed pass's memory given back first).</summary>
    internal Profile ReadWhole()
    {
        if (!IsStreamed)
        {
            return Profile;
        }

        Dispose();
        _limits!.Memory.Release(Interlocked.Exchange(ref _charged, 0));
        return ProfileReader.Read(_path, _limits, _progress?.Inner);
    }

    public void Dispose()
    {
        _spool?.Dispose();
        _progress?.Finish();
    }
}
