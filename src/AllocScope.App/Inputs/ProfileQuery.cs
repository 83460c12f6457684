using System.Text.RegularExpressions;
using AllocScope.Inputs;
using AllocScope.Pprof;

namespace AllocScope.App.Inputs;

/// <summary>What `top`, `diff` and the views select from profiles: a sample type, the row granularity, and pprof's focus/ignore/hide filters.</summary>
public sealed record ProfileQuery(string? SampleIndex = null, TopGranularity By = TopGranularity.Function, string? Focus = null, string? Ignore = null, string? Hide = null)
{
    /// <summary>Reads the files into one aggregation; a sample type a profile lacks is a usage error naming the valid ones.</summary>
    public TopAggregator Aggregate(IEnumerable<string> files, ServiceContext context, bool keepStacks = false)
    {
        var top = new TopAggregator(By, Filter(), keepStacks);
        foreach (var file in files)
        {
            // Each sample is needed once: profiles on disk stream theirs rather than keep them.
            using var profile = ProfileFiles.Open(file, context);
            Add(file, profile.Profile, () => top.Add(profile, SampleIndex), () => top.SampleType);
        }

        return top;
    }

    /// <summary>Reads the files into their distinct filtered stacks at the query's granularity (for list, peek, tree).</summary>
    public CallStacks Stacks(IEnumerable<string> files, ServiceContext context)
    {
        var stacks = new CallStacks(By, Filter());
        foreach (var file in files)
        {
            var profile = ProfileFiles.Read(file, context);
            Add(file, profile, () => stacks.Add(profile, SampleIndex), () => stacks.SampleType);
        }

        return stacks;
    }

    /// <summary>The compiled filters; an invalid expression is a usage error naming its option.</summary>
    public FrameFilter Filter() => new(Compile(Focus, "--focus"), Compile(Ignore, "--ignore"), Compile(Hide, "--hide"));

    /// <summary>Adds one profile; its errors of sample type and overflow are told as the file's or the option's.</summary>
    private void Add(string file, Profile profile, Action add, Func<Pprof.ValueType?> sampleType)
    {
        try
        {
            add();
        }
        catch (OverflowException)
        {
            throw InputFormatException.Whole(file, $"the {sampleType()?.Type ?? "sample"} values add up to more than a 64-bit integer holds");
        }
        catch (ArgumentException e)
        {
            // A heap sample type asked of a CPU (or other) profile is the wrong file, not a wrong option.
            var wanted = SampleIndex ?? "";
            if ((wanted.StartsWith("alloc_", StringComparison.Ordinal) || wanted.StartsWith("inuse_", StringComparison.Ordinal)) && !profile.IsHeapProfile)
            {
                throw InputFormatException.Whole(file, $"this is {profile.Describe()}; {wanted} needs a heap profile");
            }

            throw new UsageException($"{file}: {e.Message}");
        }
    }

    /// <summary>A regular expression argument (an option's or a command's); an invalid one is a usage error naming it.</summary>
    public static Regex? Compile(string? pattern, string option)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{option}: invalid regular expression: {e.Message}");
        }
    }
}
