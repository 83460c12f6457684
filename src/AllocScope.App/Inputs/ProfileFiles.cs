using AllocScope.Inputs;
using AllocScope.Pprof;

namespace AllocScope.App.Inputs;

/// <summary>Reads profiles for the services: a path or `-`, within the run's limits, with progress on large files.</summary>
public static class ProfileFiles
{
    public static Profile Read(string path, ServiceContext context) =>
        ProfileReader.Read(path, context.Limits, context.Progress.ForFile(path), context.StandardInput);

    /// <summary>Opens a profile for one pass over its samples (streamed when it is a profile.proto file on disk).</summary>
    public static StreamedProfile Open(string path, ServiceContext context) =>
        ProfileReader.Open(path, context.Limits, context.Progress.ForFile(path), context.StandardInput);

    /// <summary>Reads a profile that must be a heap profile; anything else is a bad input saying what it is.</summary>
    public static Profile ReadHeap(string path, ServiceContext context)
    {
        var profile = Read(path, context);
        if (!profile.IsHeapProfile)
        {
            throw InputFormatException.Whole(path,
                $"not a heap profile (sample types {string.Join(", ", profile.SampleTypes)}); allocation sites need a heap or allocs profile (go test -memprofile, pprof heap)");
        }

        return profile;
    }
}
