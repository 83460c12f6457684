using System.Text.RegularExpressions;

namespace AllocScope.Sites;

/// <summary>
/// pprof's sample filters, on allocation stacks before the join: <c>focus</c> keeps stacks with a frame whose function
/// or file matches, <c>ignore</c> drops them, <c>hide</c> removes matching frames from every stack (the next frame
/// towards the root then stands for the line, as in `pprof -hide`).
/// </summary>
public sealed record StackFilter(Regex? Focus, Regex? Ignore, Regex? Hide)
{
    public bool IsEmpty => Focus is null && Ignore is null && Hide is null;

    public IEnumerable<AllocationSample> Apply(IEnumerable<AllocationSample> samples)
    {
        if (IsEmpty)
        {
            return samples;
        }

        return samples.Select(Filter).OfType<AllocationSample>();
    }

    private AllocationSample? Filter(AllocationSample sample)
    {
        if (Ignore is { } ignore && sample.Frames.Any(f => Matches(ignore, f)))
        {
            return null;
        }

        if (Focus is { } focus && !sample.Frames.Any(f => Matches(focus, f)))
        {
            return null;
        }

        if (Hide is { } hide && sample.Frames.Any(f => Matches(hide, f)))
        {
            var frames = sample.Frames.Where(f => !Matches(hide, f)).ToList();
            return frames.Count == 0 ? null : sample with { Frames = frames };
        }

        return sample;
    }

    private static bool Matches(Regex re, StackFrame frame) => re.IsMatch(frame.Function) || re.IsMatch(frame.File);
}
