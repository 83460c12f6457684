using AllocScope.Inputs;

namespace AllocScope.Tests.Inputs;

/// <summary>The one binary reader: varints, fixed-width integers both ways round, child readers, offsets in errors.</summary>
public sealed class TheSpanReader
{
    [Fact]
    public void Reads_varints_fixed_width_integers_and_child_parts_at_their_absolute_offsets()
    {
        byte[] data = [0xac, 0x02, 0x01, 0x02, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x03, 0xaa, 0xbb, 0xcc, 0xff];
        var r = new SpanReader(data, 1000, "x.bin");
        Assert.Equal(300UL, r.ReadVarint());
        Assert.Equal((ushort)0x0201, r.ReadUInt16LittleEndian());
        Assert.Equal(0x0102030405060708UL, r.ReadUInt64BigEndian());
        var length = r.ReadByte();
        var child = r.ReadChild(length);
        Assert.Equal(1013, child.Position);
        Assert.Equal((ushort)0xaabb, child.ReadUInt16BigEndian());
        Assert.Equal(0xcc, child.ReadByte());
        Assert.True(child.AtEnd);
        Assert.Equal(1016, r.Position);
    }

    [Fact]
    public void Errors_name_the_file_and_the_byte_where_the_data_ran_out()
    {
        byte[] data = [0x01, 0xff, 0xff];
        var e = Assert.Throws<InputFormatException>(() =>
        {
            var r = new SpanReader(data, 500, "cut.bin");
            r.ReadByte();
            r.ReadVarint();
        });
        Assert.Equal("cut.bin", e.File);
        Assert.StartsWith("at byte 501: truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_varint_longer_than_ten_bytes_is_corrupt()
    {
        var data = Enumerable.Repeat((byte)0x80, 11).ToArray();
        var e = Assert.Throws<InputFormatException>(() => new SpanReader(data, 0, "v.bin").ReadVarint());
        Assert.Contains("more than 10 bytes", e.Message, StringComparison.Ordinal);
    }
}
