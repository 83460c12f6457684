using System.Globalization;
using System.Text;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// A large legacy heap profile is cut into chunks read on all cores and joined (LegacyHeapChunk, LegacyHeapAssembler):
/// the result must be exactly the serial read's (samples in file order, location ids, names, memstats, mappings), and
/// anything wrong must give the serial read's error with its line.
/// </summary>
public sealed class TheParallelLegacyRead
{
    private static readonly int[] s_chunkCounts = [2, 3, 5, 8, 16, 64];

    public static TheoryData<string> Fixtures => new()
    {
        "fixture:heap-legacy.txt", "fixture:heap-legacy-default.txt", "shared:pprof-testdata/gobench.heap", "go:heap.txt",
    };

    private static string Resolve(string name) => name.Split(':', 2) switch
    {
        ["fixture", var file] => Repo.Fixture(file),
        ["shared", var file] => Repo.RequireShared(file),
        ["go", var file] => GoHeapProfiles.Shared[file],
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Every_legacy_fixture_reads_the_same_cut_into_any_number_of_chunks(string name)
    {
        AssertSameInEveryCut(Resolve(name));
    }

    [Fact]
    public void Comments_naming_locations_of_earlier_records_and_a_memory_map_read_the_same_in_every_cut()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var path = Write(EdgeCaseProfile(seed, withMemoryMap: seed % 2 == 0));
            try
            {
                AssertSameInEveryCut(path);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void A_bad_record_deep_in_the_file_gives_the_serial_error_with_its_line()
    {
        var lines = EdgeCaseProfile(7, withMemoryMap: false).Split('\n').ToList();
        var at = lines.FindIndex(200, l => l.Length > 0 && char.IsDigit(l[0]));
        lines[at] = "not a heap record";
        var path = Write(string.Join('\n', lines));
        try
        {
            var serial = Assert.Throws<InputFormatException>(() => ReadSerial(path));
            Assert.Contains($"line {at + 1}", serial.Message, StringComparison.Ordinal);
            foreach (var chunks in s_chunkCounts)
            {
                using var input = InputFile.Open(path, new InputLimits());
                Assert.Null(LegacyHeapReader.TryReadParallel(input, chunks));
                using var again = InputFile.Open(path, new InputLimits());
                var parallel = Assert.Throws<InputFormatException>(() => LegacyHeapReader.Read(again, chunks));
                Assert.Equal(serial.Message, parallel.Message);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_cut_short_is_an_error_in_every_cut_and_gives_back_its_memory()
    {
        var text = EdgeCaseProfile(3, withMemoryMap: false);
        var path = Write(text[..(text.Length * 2 / 3)]);
        try
        {
            var serial = Assert.Throws<InputFormatException>(() => ReadSerial(path));
            foreach (var chunks in s_chunkCounts)
            {
                var limits = new InputLimits();
                using var input = InputFile.Open(path, limits);
                var parallel = Assert.Throws<InputFormatException>(() => LegacyHeapReader.Read(input, chunks));
                Assert.Equal(serial.Message, parallel.Message);
            }

            var budget = new InputLimits();
            using (var input = InputFile.Open(path, budget))
            {
                Assert.Null(LegacyHeapReader.TryReadParallel(input, 8));
            }

            Assert.Equal(0, budget.Memory.Used);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertSameInEveryCut(string path)
    {
        var serial = ReadSerial(path);
        var expected = Dump(serial);
        foreach (var chunks in s_chunkCounts)
        {
            using var input = InputFile.Open(path, new InputLimits());
            var parallel = LegacyHeapReader.TryReadParallel(input, chunks);
            Assert.NotNull(parallel);
            Assert.Equal(expected, Dump(parallel));

            // `top` visits the chunks' records on all cores without building samples: the serial read's table.
            using var again = InputFile.Open(path, new InputLimits());
            using var streamed = LegacyHeapReader.Open(again, chunks);
            Assert.InRange(streamed.PartCount, 1, chunks);
            TheStreamedProfile.AssertSameTop(serial, streamed);
        }
    }

    private static Profile ReadSerial(string path)
    {
        using var input = InputFile.Open(path, new InputLimits());
        return LegacyHeapReader.Read(input, chunks: 1);
    }

    private static string Dump(Profile p) =>
        ProfileDump.Format(p) + "\nfunctions: " + string.Join(", ", p.Functions.Select(f => $"{f.Id}={f.Name}@{f.FileName}"))
        + "\nmemstats: " + string.Join(", ", p.MemStats.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"))
        + "\nmappings: " + string.Join(", ", p.Mappings.Select(m => $"{m.Id}:{m.MemoryStart:x}-{m.MemoryLimit:x} {m.FileName}"));

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"allocscope-parallel-{Guid.NewGuid():N}.heap");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// A hand-made edge case (not Go output): records over a small pool of addresses, some frames without comments,
    /// comments that name an address of an earlier record (or one never seen), repeated PCs (inlined frames), blank
    /// lines; header totals and the runtime.MemStats trailer consistent, so the profile is complete.
    /// </summary>
    private static string EdgeCaseProfile(int seed, bool withMemoryMap)
    {
        var random = new Random(seed);
        var body = new StringBuilder();
        long objects = 0, bytes = 0;
        var pool = Enumerable.Range(1, 40).Select(i => 0x400000UL + ((ulong)i * 0x40)).ToArray();
        for (var r = 0; r < 400; r++)
        {
            var depth = random.Next(1, 7);
            var stack = Enumerable.Range(0, depth).Select(_ => pool[random.Next(pool.Length)]).ToArray();
            var count = random.Next(1, 5);
            var size = count * 16L * random.Next(1, 9);
            objects += count;
            bytes += size;
            body.Append(CultureInfo.InvariantCulture, $"{count}: {size} [{count}: {size}] @ {string.Join(' ', stack.Select(a => $"0x{a + 1:x}"))}\n");
            foreach (var pc in stack)
            {
                switch (random.Next(6))
                {
                    case 0:
                        continue; // no comment (a hidden runtime frame)
                    case 1:
                        Comment(body, pool[random.Next(pool.Length)], random); // names another address
                        break;
                    case 2:
                        Comment(body, pc, random);
                        Comment(body, pc, random); // an inlined frame: same PC twice
                        break;
                    case 3:
                        Comment(body, 0x900000UL + (ulong)random.Next(1000), random); // never seen
                        break;
                    default:
                        Comment(body, pc, random);
                        break;
                }
            }

            if (random.Next(10) == 0)
            {
                body.Append('\n');
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"heap profile: {objects}: {bytes} [{objects}: {bytes}] @ heap/2\n");
        text.Append(body);
        text.Append("\n# runtime.MemStats\n# Alloc = 1234\n# TotalAlloc = 5678\n# DebugGC = false\n");
        if (withMemoryMap)
        {
            text.Append("--- Memory map: ---\n00400000-00a00000 r-xp 00000000 00:00 0 /bin/prog\n7f0000000000-7f0000100000 r-xp 00000000 00:00 0 /lib/libc.so\n");
        }

        return text.ToString();
    }

    private static void Comment(StringBuilder body, ulong pc, Random random) =>
        body.Append(CultureInfo.InvariantCulture, $"#\t0x{pc:x}\tmain.f{random.Next(30)}+0x{random.Next(256):x}\t\t/src/f{random.Next(5)}.go:{random.Next(1, 200)}\n");
}
