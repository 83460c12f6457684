namespace AllocScope.Sites;

/// <summary>
/// Which allocations a benchmark made with its timer stopped: a stack whose benchmark-file frame is on a line before
/// `b.ResetTimer()` or between `b.StopTimer()` and `b.StartTimer()` (the lines come from Go's parser through the code
/// facts). The heap profile counts them, B/op does not: they are the benchmark's set-up, and would otherwise hide
/// inside the rows of the library the set-up calls.
/// </summary>
internal sealed class BenchmarkTimers
{
    private readonly Dictionary<string, IReadOnlyList<(int From, int To)>> _byProfileFile;

    private BenchmarkTimers(Dictionary<string, IReadOnlyList<(int From, int To)>> byProfileFile) => _byProfileFile = byProfileFile;

    /// <summary>No lines known: nothing is set-up.</summary>
    public static BenchmarkTimers None { get; } = new([]);

    /// <summary>Asks the facts about the benchmark files on the samples' stacks (one quick parse of those files).</summary>
    public static BenchmarkTimers For(IEnumerable<AllocationSample> samples, SiteOptions options)
    {
        if (options.Facts is null)
        {
            return None;
        }

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            foreach (var frame in BenchmarkFrames(sample))
            {
                if (!paths.ContainsKey(frame.File) && options.ResolveSource(frame.File) is { } path)
                {
                    paths[frame.File] = path;
                }
            }
        }

        if (paths.Count == 0 || options.Facts.UntimedLines([.. paths.Values.Distinct(StringComparer.Ordinal)]) is not { } lines)
        {
            return None;
        }

        var byProfileFile = new Dictionary<string, IReadOnlyList<(int, int)>>(StringComparer.Ordinal);
        foreach (var (file, path) in paths)
        {
            if (lines.TryGetValue(path, out var ranges) && ranges.Count > 0)
            {
                byProfileFile[file] = ranges;
            }
        }

        return new BenchmarkTimers(byProfileFile);
    }

    /// <summary>The sample was allocated while its benchmark's timer was stopped.</summary>
    public bool IsUntimed(AllocationSample sample)
    {
        if (_byProfileFile.Count == 0)
        {
            return false;
        }

        foreach (var frame in BenchmarkFrames(sample))
        {
            if (_byProfileFile.TryGetValue(frame.File, out var ranges) && ranges.Any(r => frame.Line >= r.From && frame.Line <= r.To))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Frames in `_test.go` files between the leaf and the benchmark's `testing.(*B).runN` (none when no benchmark ran it).</summary>
    private static IEnumerable<StackFrame> BenchmarkFrames(AllocationSample sample)
    {
        var frames = sample.Frames;
        var runN = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].Function == "testing.(*B).runN")
            {
                runN = i;
                break;
            }
        }

        for (var i = 0; i < runN; i++)
        {
            if (frames[i].File.EndsWith("_test.go", StringComparison.Ordinal))
            {
                yield return frames[i];
            }
        }
    }
}
