using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// A profile.proto file on disk read in two passes (FORMAT.md, "Streamed reads"): the first keeps everything but the
/// samples (Go writes the string table last, so a sample cannot be named when it is read), the second decodes each
/// sample and keeps nothing (<see cref="ProtoSampleScan"/>). Gzipped content is copied to a nameless temporary file
/// while the first pass decompresses it, so it is decompressed once; a plain file is read again.
/// </summary>
internal static class ProtoTwoPass
{
    /// <summary>The first pass over <paramref name="input"/> (a regular file); null when it found a problem (then a whole read reports the first one).</summary>
    public static StreamedProfile? Open(InputFile input, string path, InputLimits limits, TwoPassProgress? progress)
    {
        progress?.ExpectTwoPasses(input.Size ?? 0);
        var spool = input.PlainPath is null ? SpoolFile.Create("proto") : null;
        var before = limits.Memory.Used;
        Profile profile;
        long length;
        try
        {
            var content = spool is null ? input.Content : new TeeStream(input.Content, spool);
            profile = ProtoProfileReader.ReadWithoutSamples(content, path, limits, () => input.RawBytesRead, out length);
        }
        catch (InputFormatException)
        {
            spool?.Dispose();
            limits.Memory.Release(limits.Memory.Used - before);
            progress?.Finish();
            return null;
        }
        catch
        {
            spool?.Dispose();
            throw;
        }

        var charged = limits.Memory.Used - before;
        var index = new LocationIndex(profile.Locations);
        return new StreamedProfile(
            profile,
            index,
            [visit => SecondPass(path, spool, limits, progress, index, profile.SampleTypes.Count, length, visit)],
            () =>
            {
                limits.Memory.Release(Interlocked.Exchange(ref charged, 0));
                return ProfileReader.Read(path, limits, progress?.Inner);
            },
            () =>
            {
                spool?.Dispose();
                progress?.Finish();
            });
    }

    private static void SecondPass(string path, FileStream? spool, InputLimits limits, TwoPassProgress? progress, LocationIndex index, int valueCount, long length,
        SampleVisitor visit)
    {
        progress?.StartSecondPass();
        if (spool is not null)
        {
            spool.Position = 0;
            Stream spooled = progress is null ? spool : new ProgressStream(spool, path, spool.Length, progress);
            ProtoSampleScan.Run(spooled, path, limits, index, valueCount, length, visit);
            progress?.Finish();
            return;
        }

        using var input = InputFile.Open(path, limits, progress);
        if (ProfileReader.Detect(input) != ProfileFormat.Proto)
        {
            throw InputFormatException.Whole(path, "the profile changed while being read");
        }

        ProtoSampleScan.Run(input.Content, path, limits, index, valueCount, length, visit);
    }
}
