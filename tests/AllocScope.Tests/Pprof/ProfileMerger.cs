using System.Text;

using AllocScope.Pprof;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// A test oracle: merges profiles of the same sample and period types the way google/pprof's profile.Merge does (what
/// `go tool pprof` applies to every input, even a single one): samples with equal stacks and labels add up, all-zero
/// samples go, and mappings, locations and functions are deduplicated and renumbered in order of first use (the main
/// mapping first).
/// </summary>
public static class ProfileMerger
{
    public static Profile Merge(IReadOnlyList<Profile> profiles)
    {
        if (profiles.Count == 0)
        {
            throw new ArgumentException("nothing to merge");
        }

        var first = profiles[0];
        foreach (var other in profiles.Skip(1))
        {
            if (other.PeriodType != first.PeriodType)
            {
                throw new ArgumentException($"incompatible period types: {first.PeriodType} and {other.PeriodType}");
            }

            if (!other.SampleTypes.SequenceEqual(first.SampleTypes))
            {
                throw new ArgumentException($"incompatible sample types: [{string.Join(", ", first.SampleTypes)}] and [{string.Join(", ", other.SampleTypes)}]");
            }
        }

        var state = new State();
        foreach (var profile in profiles)
        {
            state.BeginSource();
            if (state.Mappings.Count == 0 && profile.Mappings.Count > 0)
            {
                state.MapMapping(profile.Mappings[0]);
            }

            foreach (var sample in profile.Samples)
            {
                if (sample.Values.Any(v => v != 0))
                {
                    state.MapSample(sample);
                }
            }
        }

        long time = 0, duration = 0, period = 0;
        var comments = new List<string>();
        string? defaultType = null;
        var docUrl = "";
        foreach (var p in profiles)
        {
            if (time == 0 || p.TimeNanos < time)
            {
                time = p.TimeNanos;
            }

            duration += p.DurationNanos;
            period = Math.Max(period, p.Period);
            comments.AddRange(p.Comments.Where(c => !comments.Contains(c)));
            defaultType ??= p.DefaultSampleType;
            docUrl = docUrl.Length == 0 ? p.DocUrl : docUrl;
        }

        var merged = new Profile
        {
            Format = first.Format,
            SampleTypes = first.SampleTypes,
            PeriodType = first.PeriodType,
            Period = period,
            DefaultSampleType = defaultType,
            TimeNanos = time,
            DurationNanos = duration,
            Comments = comments,
            DropFrames = first.DropFrames,
            KeepFrames = first.KeepFrames,
            DocUrl = docUrl,
            MemStats = first.MemStats,
            Mappings = state.Mappings,
            Locations = state.Locations,
            Functions = state.Functions,
            Samples = state.Samples,
        };

        // Samples that cancel out (e.g. in a diff) are zero only after adding up: merge again to drop them.
        return state.Samples.Any(s => s.Values.All(v => v == 0)) ? Merge([merged]) : merged;
    }

    private sealed class State
    {
        private readonly Dictionary<string, Sample> _samples = [];
        private readonly Dictionary<string, Location> _locations = [];
        private readonly Dictionary<(long, string, string, string), Function> _functions = [];
        private readonly Dictionary<(ulong Size, ulong Offset, string BuildIdOrFile), Mapping> _mappings = [];
        private Dictionary<Location, Location> _locationsBySource = new(ReferenceEqualityComparer.Instance);
        private Dictionary<Function, Function> _functionsBySource = new(ReferenceEqualityComparer.Instance);
        private Dictionary<Mapping, (Mapping Mapping, long Offset)> _mappingsBySource = new(ReferenceEqualityComparer.Instance);

        public List<Sample> Samples { get; } = [];

        public List<Location> Locations { get; } = [];

        public List<Function> Functions { get; } = [];

        public List<Mapping> Mappings { get; } = [];

        public void BeginSource()
        {
            _locationsBySource = new(ReferenceEqualityComparer.Instance);
            _functionsBySource = new(ReferenceEqualityComparer.Instance);
            _mappingsBySource = new(ReferenceEqualityComparer.Instance);
        }

        public void MapSample(Sample source)
        {
            var locations = new Location[source.Locations.Count];
            var key = new StringBuilder();
            for (var i = 0; i < locations.Length; i++)
            {
                locations[i] = MapLocation(source.Locations[i]);
                key.Append(locations[i].Id).Append(',');
            }

            key.Append('|');
            foreach (var label in source.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).ThenBy(l => l.Str, StringComparer.Ordinal).ThenBy(l => l.Num))
            {
                key.Append(label.Key).Append('=').Append(label.Str ?? $"#{label.Num} {label.NumUnit}").Append(';');
            }

            var k = key.ToString();
            if (_samples.TryGetValue(k, out var existing))
            {
                for (var i = 0; i < existing.Values.Length; i++)
                {
                    existing.Values[i] += source.Values[i];
                }

                return;
            }

            var sample = new Sample(locations, (long[])source.Values.Clone(), source.Labels);
            _samples.Add(k, sample);
            Samples.Add(sample);
        }

        public (Mapping? Mapping, long Offset) MapMapping(Mapping? source)
        {
            if (source is null)
            {
                return (null, 0);
            }

            if (_mappingsBySource.TryGetValue(source, out var known))
            {
                return known;
            }

            // pprof's mapping key: size rounded up to 4 KiB, file offset, and the build id (else the file name).
            const ulong rounding = 0x1000;
            var size = source.MemoryLimit - source.MemoryStart + rounding - 1;
            size -= size % rounding;
            var key = (size, source.FileOffset, source.BuildId.Length > 0 ? source.BuildId : source.FileName);
            if (_mappings.TryGetValue(key, out var mapping))
            {
                var info = (mapping, (long)mapping.MemoryStart - (long)source.MemoryStart);
                _mappingsBySource.Add(source, info);
                return info;
            }

            mapping = source with { Id = (ulong)Mappings.Count + 1 };
            Mappings.Add(mapping);
            _mappings.Add(key, mapping);
            _mappingsBySource.Add(source, (mapping, 0));
            return (mapping, 0);
        }

        private Location MapLocation(Location source)
        {
            if (_locationsBySource.TryGetValue(source, out var known))
            {
                return known;
            }

            var (mapping, offset) = MapMapping(source.Mapping);
            var lines = source.Lines.Select(l => l with { Function = MapFunction(l.Function) }).ToArray();
            var address = (ulong)((long)source.Address + offset);
            var key = new StringBuilder();
            key.Append(mapping?.Id ?? 0).Append('/').Append(mapping is null ? address : address - mapping.MemoryStart).Append('/').Append(source.IsFolded);
            foreach (var line in lines)
            {
                key.Append('/').Append(line.Function?.Id ?? 0).Append(':').Append(line.LineNumber).Append(':').Append(line.Column);
            }

            var k = key.ToString();
            if (_locations.TryGetValue(k, out var existing))
            {
                _locationsBySource.Add(source, existing);
                return existing;
            }

            var location = new Location((ulong)Locations.Count + 1, mapping, address, lines, source.IsFolded);
            _locations.Add(k, location);
            _locationsBySource.Add(source, location);
            Locations.Add(location);
            return location;
        }

        private Function? MapFunction(Function? source)
        {
            if (source is null)
            {
                return null;
            }

            if (_functionsBySource.TryGetValue(source, out var known))
            {
                return known;
            }

            var key = (source.StartLine, source.Name, source.SystemName, source.FileName);
            if (!_functions.TryGetValue(key, out var function))
            {
                function = source with { Id = (ulong)Functions.Count + 1 };
                _functions.Add(key, function);
                Functions.Add(function);
            }

            _functionsBySource.Add(source, function);
            return function;
        }
    }
}
