using System.Diagnostics;
using AllocScope.Inputs;

namespace AllocScope.Tests.Infrastructure;

/// <summary>
/// Feeds a reader, in-process, every truncation of a small real input (every offset up to 10 KB, else 1,000 sampled
/// offsets), random bit flips, and files of other formats. Every case must end either in a result or in one
/// <see cref="InputFormatException"/> that names the file: any other exception escaping, or a case that takes longer
/// than <see cref="CaseTimeLimit"/>, fails the test with the case that did it. Memory is bounded by a small budget,
/// so a blow-up shows as a limit error instead of growing the test host.
/// </summary>
public static class ReaderFuzz
{
    public static readonly TimeSpan CaseTimeLimit = TimeSpan.FromSeconds(10);

    public const int EveryOffsetUpTo = 10 * 1024;

    public const int SampledOffsets = 1000;

    /// <summary>Limits for one case: a fresh 256 MB budget.</summary>
    public static InputLimits Limits() => new() { Memory = new MemoryBudget(256L << 20) };

    /// <summary>Every truncation (or 1,000 sampled ones); returns how many ended in an error.</summary>
    public static int Truncations(byte[] data, string name, Action<Stream, string, InputLimits> read)
    {
        var errors = 0;
        foreach (var length in Offsets(data.Length))
        {
            errors += Case(data.AsMemory(0, length).ToArray(), name, read, $"truncated to {length} of {data.Length} bytes") ? 0 : 1;
        }

        return errors;
    }

    public static void BitFlips(byte[] data, string name, Action<Stream, string, InputLimits> read, int trials = 300, int seed = 1)
    {
        var random = new Random(seed);
        for (var trial = 0; trial < trials; trial++)
        {
            var copy = (byte[])data.Clone();
            var flips = 1 + random.Next(4);
            for (var i = 0; i < flips; i++)
            {
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            }

            Case(copy, name, read, $"bit flip trial {trial} (seed {seed})");
        }
    }

    /// <summary>One case; true when the reader returned a result, false when it ended in a clean error.</summary>
    public static bool Case(byte[] data, string name, Action<Stream, string, InputLimits> read, string what)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            read(new MemoryStream(data), name, Limits());
            return true;
        }
        catch (InputFormatException e)
        {
            Assert.True(e.File == name, $"{what}: the error names {e.File}, not {name}: {e.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{what}: an error without a message");
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} escaped the reader: {e.Message}\n{e.StackTrace}");
            return false;
        }
        finally
        {
            Assert.True(watch.Elapsed < CaseTimeLimit, $"{what}: took {watch.Elapsed.TotalSeconds:F1} s");
        }
    }

    private static IEnumerable<int> Offsets(int length)
    {
        if (length <= EveryOffsetUpTo)
        {
            return Enumerable.Range(0, length);
        }

        var random = new Random(length);
        return Enumerable.Range(0, SampledOffsets).Select(_ => random.Next(length)).Order();
    }
}
