using System.Text;
using AllocScope.Inputs;

namespace AllocScope.Tests.Inputs;

/// <summary>A plain file cut into ranges that start at records, past lines of every length.</summary>
public sealed class TheFileRanges : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("allocscope ranges ").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(2, 1)]
    [InlineData(7, 2)]
    [InlineData(50, 3)]
    [InlineData(400, 4)]
    public void Each_cut_moves_to_the_first_record_after_it(int count, int seed)
    {
        // Records ("R n") between filler lines from empty to 40 KB: cuts land in short and long lines alike.
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var r = 0; text.Length < 600_000; r++)
        {
            text.Append("R ").Append(r).Append('\n');
            for (var f = random.Next(4); f > 0; f--)
            {
                text.Append('x', random.Next(3) == 0 ? random.Next(40_000) : random.Next(80)).Append('\n');
            }
        }

        var bytes = Encoding.ASCII.GetBytes(text.ToString());
        var path = Path.Combine(_directory, "records.txt");
        File.WriteAllBytes(path, bytes);

        var ranges = FileRanges.Split(path, 0, count, line => line.StartsWith("R "u8));
        Assert.Equal(0, ranges[0].Start);
        Assert.Equal(bytes.Length, ranges[^1].End);
        var expected = new List<long> { 0 };
        var step = bytes.Length / count;
        for (var i = 1; i < count; i++)
        {
            var cut = FirstRecordAfter(bytes, Math.Max(step * i, expected[^1] + 1));
            if (cut < bytes.Length && cut > expected[^1])
            {
                expected.Add(cut);
            }
        }

        Assert.Equal(expected, ranges.Select(r => r.Start));
        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.Equal(ranges[i - 1].End, ranges[i].Start);
        }
    }

    // The start of the first record line that begins after `offset` (the line the offset falls in is never one).
    private static long FirstRecordAfter(byte[] bytes, long offset)
    {
        for (var at = Array.IndexOf(bytes, (byte)'\n', (int)offset); at >= 0 && at + 1 < bytes.Length; at = Array.IndexOf(bytes, (byte)'\n', at + 1))
        {
            if (bytes.AsSpan(at + 1).StartsWith("R "u8))
            {
                return at + 1;
            }
        }

        return bytes.Length;
    }
}
