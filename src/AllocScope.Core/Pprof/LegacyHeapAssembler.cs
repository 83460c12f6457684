using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Joins the chunks of a legacy heap profile, in file order, into the profile one serial pass builds: locations get
/// ids in the order their address is first seen in the file, a location is named by the first comment after it was
/// first seen (a comment kept aside by a later chunk names a location an earlier chunk left unnamed), samples keep the
/// file's order. Functions are numbered by the first location naming them, so the ids do not depend on the split.
/// </summary>
internal static class LegacyHeapAssembler
{
    private static List<Sample> Samples(LegacyHeapChunk chunk, Location[] local)
    {
        // A stack is a view of the chunk's run of location indexes: no array of 32 references per distinct stack.
        var stacks = new ChunkStack[chunk.StackCount];
        for (var s = 0; s < stacks.Length; s++)
        {
            stacks[s] = new ChunkStack(local, chunk.Segment(s));
        }

        var samples = new List<Sample>(chunk.Records.Count);
        Label[] labels = [];
        var labelsFor = -1L;
        for (var r = 0; r < chunk.Records.Count; r++)
        {
            var record = chunk.Records[r];
            if (record.BlockSize != labelsFor)
            {
                labels = [new Label("bytes", null, record.BlockSize, null)];
                labelsFor = record.BlockSize;
            }

            samples.Add(new Sample(stacks[record.Stack], chunk.Values(r).ToArray(), labels));
        }

        return samples;
    }

    public static Profile Assemble(LegacyHeapHeader header, IReadOnlyList<LegacyHeapChunk> chunks) => Assemble(Join(header, chunks), chunks);

    public static Profile Assemble(LegacyHeapJoin joined, IReadOnlyList<LegacyHeapChunk> chunks)
    {
        // Stacks and samples of each chunk only need its own locations: built on all cores, joined in order.
        var samplesOf = new List<Sample>[chunks.Count];
        Parallel.For(0, chunks.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            c => samplesOf[c] = Samples(chunks[c], joined.Locals[c]));
        var samples = new List<Sample>(samplesOf.Sum(s => s.Count));
        foreach (var part in samplesOf)
        {
            samples.AddRange(part);
        }

        return joined.ToProfile(samples);
    }

    /// <summary>Hands each record of the chunk to <paramref name="visit"/>: its stack as location ids, leaf first, and its values.</summary>
    public static void Visit(LegacyHeapChunk chunk, Location[] local, SampleVisitor visit)
    {
        var ids = Array.ConvertAll(local, l => l.Id);
        var stack = new ulong[64];
        for (var r = 0; r < chunk.Records.Count; r++)
        {
            var frames = chunk.Stack(chunk.Records[r].Stack);
            if (stack.Length < frames.Length)
            {
                stack = new ulong[Math.Max(frames.Length, 2 * stack.Length)];
            }

            for (var i = 0; i < frames.Length; i++)
            {
                stack[i] = ids[frames[i]];
            }

            visit(stack.AsSpan(0, frames.Length), chunk.Values(r));
        }
    }

    /// <summary>
    /// The profile without its samples and, per chunk, which location each chunk-local one is; the samples are then
    /// the chunks' records (<see cref="Samples"/>, or visited one by one for an aggregation).
    /// </summary>
    public static LegacyHeapJoin Join(LegacyHeapHeader header, IReadOnlyList<LegacyHeapChunk> chunks)
    {
        var byAddress = new Dictionary<ulong, int>();
        var locations = new List<Location>();
        var names = new List<LegacyFrameName?>();
        var memStats = new Dictionary<string, string>();
        var mappings = new List<Mapping>();
        var locals = new Location[chunks.Count][];
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            foreach (var (address, name) in chunk.DeferredNames)
            {
                if (byAddress.TryGetValue(address, out var known) && names[known] is null)
                {
                    names[known] = name;
                }
            }

            var local = locals[c] = new Location[chunk.LocationAddresses.Count];
            for (var i = 0; i < local.Length; i++)
            {
                var address = chunk.LocationAddresses[i];
                if (!byAddress.TryGetValue(address, out var index))
                {
                    index = locations.Count;
                    byAddress.Add(address, index);
                    locations.Add(new Location((ulong)index + 1, null, address, [], false));
                    names.Add(null);
                }

                names[index] ??= chunk.LocationNames[i];
                local[i] = locations[index];
            }

            foreach (var (key, value) in chunk.MemStats ?? [])
            {
                memStats[key] = value;
            }

            // Only the last chunk can hold the memory map (the reader checks), so its ids stay as read.
            mappings.AddRange(chunk.Mappings);
        }

        var functions = new Dictionary<(string Name, string File), Function>();
        var functionList = new List<Function>();
        for (var i = 0; i < locations.Count; i++)
        {
            if (names[i] is not { } name)
            {
                continue;
            }

            if (!functions.TryGetValue((name.Function, name.File), out var fn))
            {
                fn = new Function((ulong)functionList.Count + 1, name.Function, name.Function, name.File, 0);
                functions.Add((name.Function, name.File), fn);
                functionList.Add(fn);
            }

            locations[i].Lines = [new Line(fn, name.Line, 0)];
        }

        return new LegacyHeapJoin(header, locals, locations, functionList, MemoryMap.Assign(mappings, locations), memStats);
    }
}

/// <summary>The chunks of a legacy heap profile joined (<see cref="LegacyHeapAssembler.Join"/>): all but the samples.</summary>
internal sealed record LegacyHeapJoin(LegacyHeapHeader Header, Location[][] Locals, List<Location> Locations, List<Function> Functions,
    IReadOnlyList<Mapping> Mappings, Dictionary<string, string> MemStats)
{
    public Profile ToProfile(IReadOnlyList<Sample> samples) => new()
    {
        Format = ProfileFormat.LegacyHeapText,
        PeriodType = new ValueType("space", "bytes"),
        Period = Header.Period,
        SampleTypes = Header.HasAlloc
            ? [new("alloc_objects", "count"), new("alloc_space", "bytes"), new("inuse_objects", "count"), new("inuse_space", "bytes")]
            : [new("objects", "count"), new("space", "bytes")],
        Samples = samples,
        Locations = Locations,
        Functions = Functions,
        Mappings = Mappings,
        MemStats = MemStats,
        DropFrames = LegacyFrames.AllocDropFrames,
        KeepFrames = LegacyFrames.AllocKeepFrames,
    };
}

/// <summary>One distinct stack of a chunk, leaf first, read through the chunk's location indexes.</summary>
internal sealed class ChunkStack(Location[] locations, ArraySegment<int> frames) : IReadOnlyList<Location>
{
    public int Count => frames.Count;

    public Location this[int index] => locations[frames[index]];

    public IEnumerator<Location> GetEnumerator()
    {
        foreach (var frame in frames)
        {
            yield return locations[frame];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
