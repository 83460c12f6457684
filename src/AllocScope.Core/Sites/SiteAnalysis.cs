using AllocScope.Output;
using AllocScope.Pprof;

namespace AllocScope.Sites;

/// <summary>What a report joins: heap profiles, the escape decisions, the source and which code is the user's.</summary>
public sealed record SiteAnalysisInput(
    IReadOnlyList<Profile> Profiles,
    IEscapeFacts? Escape,
    string? SourceRoot,
    string? ModulePath,
    string? SampleIndex);

/// <summary>Runs the join over whole profiles and says how far its numbers can be trusted.</summary>
public static class SiteAnalysis
{
    public static SiteReport Run(SiteAnalysisInput input)
    {
        if (input.Profiles.Count == 0)
        {
            throw new ArgumentException("at least one profile is needed", nameof(input));
        }

        var first = input.Profiles[0];
        var sampleType = ChooseSampleType(first, input.SampleIndex);
        var samples = new List<AllocationSample>();
        foreach (var profile in input.Profiles)
        {
            var index = profile.SampleIndex(sampleType.Type);
            samples.AddRange(ProfileSamples.From(profile, index));
        }

        var module = input.ModulePath ?? ModuleMatcher.ReadModulePath(input.SourceRoot);
        var exact = input.Profiles.All(p => p.Period == 1);
        var options = new SiteOptions(new ModuleMatcher(module), new GoSourceTree(input.SourceRoot), input.Escape, exact);
        var sites = SiteBuilder.Build(samples, options);
        var total = sites.Sum(s => s.Value);
        var notes = new List<string>();
        if (module is not null)
        {
            notes.Add($"allocations are attributed to the first frame in module {module}");
        }

        if (exact)
        {
            notes.Add("memprofilerate 1: every allocation is recorded, except tiny (<16 B, pointer-free) objects packed into an already-counted 16-byte block");
        }
        else
        {
            notes.Add($"sampled profile (one sample per {first.Period} bytes on average): objects and bytes are pprof's unsampled estimates");
        }

        if (input.Escape is null)
        {
            notes.Add("no escape log given: kinds come from profile frames and source text only, reasons are unknown");
        }

        if (input.SourceRoot is null)
        {
            notes.Add("no source directory given: statements are not shown and map growth cannot be traced to its make");
        }

        return new SiteReport(sampleType.Type, sampleType.Unit, exact, total, sites, notes);
    }

    /// <summary>`alloc_space` when the profile has it (sites are about allocation), else pprof's default.</summary>
    private static Pprof.ValueType ChooseSampleType(Profile profile, string? requested)
    {
        if (requested is null && profile.SampleTypes.Any(t => t.Type == "alloc_space"))
        {
            requested = "alloc_space";
        }

        return profile.SampleTypes[profile.SampleIndex(requested)];
    }
}
