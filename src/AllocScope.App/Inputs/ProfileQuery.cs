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
        AddAll(files, context, top.Add, () => top.SampleType);
        return top;
    }

    /// <summary>Reads the files into their distinct filtered stacks at the query's granularity (for list, peek, tree).</summary>
    public CallStacks Stacks(IEnumerable<string> files, ServiceContext context)
    {
        var stacks = new CallStacks(By, Filter());
        AddAll(files, context, stacks.Add, () => stacks.SampleType);
        return stacks;
    }

    /// <summary>The compiled filters; an invalid expression is a usage error naming its option.</summary>
    public FrameFilter Filter() => new(Compile(Focus, "--focus"), Compile(Ignore, "--ignore"), Compile(Hide, "--hide"));

    private void AddAll(IEnumerable<string> files, ServiceContext context, Action<Profile, string?> add, Func<Pprof.ValueType?> sampleType)
    {
        foreach (var file in files)
        {
            var profile = ProfileFiles.Read(file, context);
            try
            {
                add(profile, SampleIndex);
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
