using System.IO.Compression;
using System.Text;

namespace AllocScope.Tests.Infrastructure;

/// <summary>
/// Writes small profile.proto files for edge cases real Go does not produce here (huge sample counts, millions of
/// distinct stacks): a test-side writer, clearly not Go's output. Samples are streamed, so a file of millions of them
/// never exists in memory.
/// </summary>
public sealed class ProfileProtoWriter(Stream output)
{
    private readonly List<string> _strings = [""];
    private readonly Dictionary<string, int> _index = new() { [""] = 0 };

    /// <summary>A gzip-compressed writer over a file.</summary>
    public static ProfileProtoWriter Gzip(Stream file) => new(new GZipStream(file, CompressionLevel.Fastest));

    public int String(string s)
    {
        if (!_index.TryGetValue(s, out var i))
        {
            i = _strings.Count;
            _strings.Add(s);
            _index[s] = i;
        }

        return i;
    }

    public void SampleType(string type, string unit) => Message(1, Varint(1, String(type)).Concat(Varint(2, String(unit))));

    /// <summary>A function and a location with one line of it (same id for both).</summary>
    public void Frame(ulong id, string function, string file, long line)
    {
        Message(5, Varint(1, id).Concat(Varint(2, String(function))).Concat(Varint(4, String(file))));
        Message(4, Varint(1, id).Concat(Bytes(4, Varint(1, id).Concat(Varint(2, line)))));
    }

    public void Sample(IReadOnlyList<ulong> locations, IReadOnlyList<long> values) => Repeat(locations, values, 1);

    /// <summary>The same sample <paramref name="count"/> times (encoded once).</summary>
    public void Repeat(IReadOnlyList<ulong> locations, IReadOnlyList<long> values, long count)
    {
        var bytes = Bytes(2, Packed(1, locations).Concat(Packed(2, values.Select(v => (ulong)v).ToList()))).ToArray();
        for (var i = 0; i < count; i++)
        {
            output.Write(bytes);
        }
    }

    /// <summary>Writes the string table (Go writes it last too) and closes the output.</summary>
    public void Finish()
    {
        foreach (var s in _strings)
        {
            Write(Bytes(6, Encoding.UTF8.GetBytes(s)));
        }

        output.Dispose();
    }

    private void Message(int field, IEnumerable<byte> body) => Write(Bytes(field, body));

    private void Write(IEnumerable<byte> bytes) => output.Write(bytes.ToArray());

    private static IEnumerable<byte> Varint(int field, long value) => Varint(field, (ulong)value);

    private static IEnumerable<byte> Varint(int field, ulong value) => Raw((ulong)field << 3).Concat(Raw(value));

    private static IEnumerable<byte> Packed(int field, IReadOnlyList<ulong> values) => Bytes(field, values.SelectMany(Raw));

    private static IEnumerable<byte> Bytes(int field, IEnumerable<byte> body)
    {
        var bytes = body.ToArray();
        return Raw(((ulong)field << 3) | 2).Concat(Raw((ulong)bytes.Length)).Concat(bytes);
    }

    private static IEnumerable<byte> Raw(ulong value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value == 0 ? b : (byte)(b | 0x80);
        }
        while (value != 0);
    }
}
