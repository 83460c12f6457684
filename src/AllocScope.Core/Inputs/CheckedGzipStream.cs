using System.IO.Compression;

namespace AllocScope.Inputs;

/// <summary>
/// Decompresses gzip with every failure as an <see cref="InputFormatException"/> (corrupt deflate data, a bad CRC, a
/// cut file), and checks the trailer's length field (ISIZE) against what was decompressed: GZipStream ends quietly
/// when a file is cut inside the 8-byte trailer, which would otherwise pass as complete.
/// </summary>
public sealed class CheckedGzipStream : ReadOnlyForwardStream
{
    private readonly TailStream _source;
    private readonly string _file;
    private long _decompressed;
    private bool _checked;

    public CheckedGzipStream(Stream compressed, string file)
        : this(new TailStream(compressed), file)
    {
    }

    private CheckedGzipStream(TailStream source, string file)
        : base(new GZipStream(source, CompressionMode.Decompress))
    {
        _source = source;
        _file = file;
    }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = Inner.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw InputFormatException.AtOffset(_file, _source.Total, $"corrupt gzip data: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            throw InputFormatException.AtOffset(_file, _source.Total, "truncated gzip data: the compressed stream ends early");
        }

        _decompressed += n;
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            _source.Drain();
            if (_source.Total < 18 || _source.TailLength != (uint)_decompressed)
            {
                throw InputFormatException.AtOffset(_file, _source.Total,
                    "truncated gzip data: the trailer is missing or does not match the decompressed length");
            }
        }

        return n;
    }

    /// <summary>Passes bytes through and remembers the last four, to read the gzip ISIZE field at the end.</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyForwardStream(inner)
    {
        private readonly byte[] _tail = new byte[4];

        public long Total { get; private set; }

        public uint TailLength => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_tail);

        public void Drain()
        {
            var buffer = new byte[4096];
            while (Read(buffer, 0, buffer.Length) > 0)
            {
            }
        }

        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            if (n >= 4)
            {
                buffer.Slice(n - 4, 4).CopyTo(_tail);
            }
            else if (n > 0)
            {
                // Shift the remembered tail left by n and append the new bytes.
                Span<byte> merged = stackalloc byte[8];
                _tail.CopyTo(merged);
                buffer[..n].CopyTo(merged[4..]);
                merged.Slice(n, 4).CopyTo(_tail);
            }

            Total += n;
            return n;
        }
    }
}
