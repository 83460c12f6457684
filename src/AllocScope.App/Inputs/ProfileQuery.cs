using System.Text.RegularExpressions;
using AllocScope.Inputs;
using AllocScope.Pprof;

namespace AllocScope.App.Inputs;

/// <summary>What `top` and `diff` select from profiles: a sample type, the row granularity, and pprof's focus/ignore filters.</summary>
public sealed record ProfileQuery(string? SampleIndex = null, TopGranularity By = TopGranularity.Function, string? Focus = null, string? Ignore = null)
{
    /// <summary>Reads the files into one aggregation; a sample type a profile lacks is a usage error naming the valid ones.</summary>
    public TopAggregator Aggregate(IEnumerable<string> files, ServiceContext context, bool keepStacks = false)
    {
        var top = new TopAggregator(By, Compile(Focus, "--focus"), Compile(Ignore, "--ignore"), keepStacks);
        foreach (var file in files)
        {
            var profile = ProfileFiles.Read(file, context);
            try
            {
                top.Add(profile, SampleIndex);
            }
            catch (OverflowException)
            {
                throw InputFormatException.Whole(file, $"the {top.SampleType?.Type ?? "sample"} values add up to more than a 64-bit integer holds");
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

        return top;
    }

    internal static Regex? Compile(string? pattern, string option)
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
