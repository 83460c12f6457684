using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Pprof;

/// <summary>
/// Reads a legacy text heap profile (runtime/pprof debug=1, "heap profile: a: b [c: d] @ heap/2R") exactly as
/// google/pprof's parseHeap does (header rules, unsampling, address − 1, locations deduplicated by address). Unlike
/// pprof it also symbolizes each location from the "#\t0xPC\tfunc+0xoff\tfile:line" comment lines Go writes under
/// every record, so a profile without its binary still names functions and lines.
/// A large plain file is cut at record boundaries and its chunks parsed on all cores (<see cref="LegacyHeapChunk"/>,
/// joined by <see cref="LegacyHeapAssembler"/> into the same profile); pipes, standard input and gzip stream through
/// one chunk. Anything the parallel read finds wrong is read again serially, so errors name the exact line.
/// </summary>
internal static class LegacyHeapReader
{
    /// <summary>Files from this size on are read in parallel (below it, threads cost more than they save).</summary>
    public const long ParallelFromBytes = 32L << 20;

    /// <summary>True when the first line is a heap profile header pprof's legacy parser accepts.</summary>
    public static bool IsHeader(string firstLine) => LegacyHeapSyntax.IsHeader(firstLine);

    /// <param name="input">The opened profile.</param>
    /// <param name="chunks">How many pieces to cut a plain file into (null: by size and cores; 1: one serial pass).</param>
    public static Profile Read(InputFile input, int? chunks = null)
    {
        var (header, read) = ReadChunks(input, chunks);
        return LegacyHeapAssembler.Assemble(header, read);
    }

    /// <summary>The profile without samples; its records are visited chunk by chunk (on all cores by an aggregation).</summary>
    public static StreamedProfile Open(InputFile input, int? chunkCount = null)
    {
        var (header, chunks) = ReadChunks(input, chunkCount);
        var joined = LegacyHeapAssembler.Join(header, chunks);
        var profile = joined.ToProfile([]);
        var parts = new Action<SampleVisitor>[chunks.Length];
        for (var c = 0; c < chunks.Length; c++)
        {
            var chunk = chunks[c];
            var local = joined.Locals[c];
            parts[c] = visit => LegacyHeapAssembler.Visit(chunk, local, visit);
        }

        return new StreamedProfile(profile, new LocationIndex(profile.Locations), parts, () => LegacyHeapAssembler.Assemble(joined, chunks));
    }

    /// <summary>The file's records in chunks, in file order, before they are joined into a profile.</summary>
    public static (LegacyHeapHeader Header, LegacyHeapChunk[] Chunks) ReadChunks(InputFile input, int? chunks = null)
    {
        // Ranges of ~128 MB, 2 to 8 per core: records cost unevenly, and fewer, larger ranges left a core idle at the end.
        var count = chunks ?? (input.Size >= ParallelFromBytes && Environment.ProcessorCount > 1
            ? (int)Math.Max(Environment.ProcessorCount * 2, Math.Min(Environment.ProcessorCount * 8, input.Size.GetValueOrDefault() / (128L << 20)))
            : 1);
        if (count > 1 && input.PlainPath is { } path)
        {
            if (TryReadChunksParallel(input, count) is { } read)
            {
                return read;
            }

            using var again = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return ReadSerialChunks(again, input.Name, input.Limits);
        }

        return ReadSerialChunks(input.Content, input.Name, input.Limits);
    }

    /// <summary>
    /// A plain file cut into <paramref name="count"/> chunks read on all cores and joined; null when it cannot be
    /// (not a plain file, no header line) or when anything was wrong (then a serial read gives the exact error).
    /// </summary>
    internal static Profile? TryReadParallel(InputFile input, int count) =>
        TryReadChunksParallel(input, count) is var (header, chunks) ? LegacyHeapAssembler.Assemble(header, chunks) : null;

    private static (LegacyHeapHeader Header, LegacyHeapChunk[] Chunks)? TryReadChunksParallel(InputFile input, int count)
    {
        if (input.PlainPath is not { } path || HeaderLength(input.Head.Span) is not { } headerLength)
        {
            return null;
        }

        var header = LegacyHeapSyntax.ParseHeader(Encoding.UTF8.GetString(input.Head.Span[..headerLength]).TrimEnd('\r', '\n'), input.Name);
        return TryReadParallel(input, path, header, headerLength, count) is { } chunks ? (header, chunks) : null;
    }

    /// <summary>One forward pass over a stream (pipes, gzip, standard input, and the exact errors of any file).</summary>
    public static Profile ReadSerial(Stream stream, string file, InputLimits limits)
    {
        var (header, chunks) = ReadSerialChunks(stream, file, limits);
        return LegacyHeapAssembler.Assemble(header, chunks);
    }

    private static (LegacyHeapHeader Header, LegacyHeapChunk[] Chunks) ReadSerialChunks(Stream stream, string file, InputLimits limits)
    {
        var lines = new LineReader(stream, file, "a text profile", limits.MaxStringBytes);
        if (!lines.TryReadLine(out var first))
        {
            throw InputFormatException.Whole(file, "empty file: expected a heap profile");
        }

        var header = LegacyHeapSyntax.ParseHeader(Encoding.UTF8.GetString(first), file);
        var chunk = new LegacyHeapChunk(file, header, limits.Memory, 0);
        chunk.Parse(lines);
        CheckComplete(file, header, [chunk], lines.LineNumber);
        return (header, [chunk]);
    }

    /// <summary>The chunks read on all cores and joined; null when anything was wrong (the caller reads serially for the exact error).</summary>
    private static LegacyHeapChunk[]? TryReadParallel(InputFile input, string path, LegacyHeapHeader header, int headerLength, int count)
    {
        var ranges = FileRanges.Split(path, headerLength, count, LegacyHeapChunk.IsRecordStart);
        var chunks = new LegacyHeapChunk[ranges.Count];
        var progress = input.Progress is { } reporter && input.Size is { } size ? new SharedProgress(input.Name, size, reporter) : null;
        using var cancel = new CancellationTokenSource();
        var failed = false;
        Parallel.For(0, ranges.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                using var stream = new FileRangeStream(path, ranges[i].Start, ranges[i].End, progress is null ? null : progress.Add);
                var chunk = chunks[i] = new LegacyHeapChunk(input.Name, header, input.Limits.Memory, 0);
                chunk.Parse(new LineReader(stream, input.Name, "a text profile", input.Limits.MaxStringBytes), cancel.Token);
            }
            catch (Exception e) when (e is InputFormatException or OperationCanceledException or IOException)
            {
                failed = true;
                cancel.Cancel();
            }
        });

        // A trailer or memory map before the last chunk would change how the following lines read: read serially.
        var crossing = chunks.SkipLast(1).Any(c => c is null || c.MemStats is not null || c.Mappings.Count > 0);
        if (failed || crossing || !IsComplete(header, chunks))
        {
            input.Limits.Memory.Release(chunks.Sum(c => c?.Charged ?? 0));
            return null;
        }

        return chunks;
    }

    private static int? HeaderLength(ReadOnlySpan<byte> head)
    {
        var newline = head.IndexOf((byte)'\n');
        return newline < 0 ? null : newline + 1;
    }

    private static bool IsComplete(LegacyHeapHeader header, IReadOnlyList<LegacyHeapChunk> chunks) =>
        Incomplete(header, chunks) is null;

    private static void CheckComplete(string file, LegacyHeapHeader header, IReadOnlyList<LegacyHeapChunk> chunks, long lastLine)
    {
        if (Incomplete(header, chunks) is { } what)
        {
            throw InputFormatException.AtLine(file, lastLine, what);
        }
    }

    /// <summary>Why the records read cannot be the whole profile, or null.</summary>
    private static string? Incomplete(LegacyHeapHeader header, IReadOnlyList<LegacyHeapChunk> chunks)
    {
        var last = chunks[^1];
        var hasSymbolComments = chunks.Any(c => c.HasSymbolComments);

        // Go's debug=1 writer (the one that adds "#\t0xPC" symbol lines) always ends with the runtime.MemStats
        // trailer; without it (through DebugGC) the file was cut short and its table would be partial.
        if (hasSymbolComments && last.MemStats?.GetValueOrDefault("DebugGC") is not ("true" or "false"))
        {
            return last.MemStats is not null
                ? "truncated: the # runtime.MemStats trailer ends before \"# DebugGC\""
                : "truncated: the profile ends before its # runtime.MemStats trailer (Go always writes one)";
        }

        // Go's runtime writes the sums of its records into the header: a file cut at a line boundary shows here.
        if (header.Totals is not { } totals)
        {
            return null;
        }

        var sums = new long[4];
        foreach (var chunk in chunks)
        {
            for (var i = 0; i < 4; i++)
            {
                sums[i] = unchecked(sums[i] + chunk.RawTotals[i]);
            }
        }

        // Old Go (before the symbol comments) took the header's alloc pair from elsewhere: check it only on modern files.
        var allocBytesMatch = sums[3] == totals[3] || (totals[3] == sums[3] + 1 && sums[3] == sums[1]);
        var allocMatch = !hasSymbolComments || (sums[2] == totals[2] && allocBytesMatch);
        return sums[0] != totals[0] || sums[1] != totals[1] || !allocMatch
            ? $"truncated or corrupt: the records add up to {sums[0]}: {sums[1]} [{sums[2]}: {sums[3]}], the header says "
                + $"{totals[0]}: {totals[1]} [{totals[2]}: {totals[3]}]"
            : null;
    }
}
