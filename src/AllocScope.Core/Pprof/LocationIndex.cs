using System.Diagnostics.CodeAnalysis;

namespace AllocScope.Pprof;

/// <summary>
/// Locations by id. Ids are almost always dense (Go numbers them 1..n): an array indexed by id then, a dictionary
/// otherwise (ids are checked unique by the reader).
/// </summary>
internal sealed class LocationIndex
{
    private readonly Dictionary<ulong, Location>? _byId;

    public LocationIndex(IReadOnlyList<Location> locations)
    {
        var maxId = 0UL;
        foreach (var location in locations)
        {
            maxId = Math.Max(maxId, location.Id);
        }

        if (maxId <= (ulong)((4L * locations.Count) + 16))
        {
            Dense = new Location?[maxId + 1];
            foreach (var location in locations)
            {
                Dense[location.Id] = location;
            }
        }
        else
        {
            _byId = new Dictionary<ulong, Location>(locations.Count);
            foreach (var location in locations)
            {
                _byId[location.Id] = location;
            }
        }
    }

    /// <summary>The locations indexed by id when ids are dense, else null.</summary>
    public Location?[]? Dense { get; }

    public bool TryGet(ulong id, [NotNullWhen(true)] out Location? location)
    {
        if (Dense is { } dense)
        {
            location = id < (ulong)dense.Length ? dense[id] : null;
            return location is not null;
        }

        return _byId!.TryGetValue(id, out location);
    }

    /// <summary>The position of the first id that names no location, or -1.</summary>
    public int FirstMissing(ReadOnlySpan<ulong> ids)
    {
        if (Dense is { } dense)
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] >= (ulong)dense.Length || dense[ids[i]] is null)
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < ids.Length; i++)
        {
            if (!_byId!.ContainsKey(ids[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
