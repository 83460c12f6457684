using System.Runtime.CompilerServices;
using System.Text;

namespace AllocScope.Inputs;

/// <summary>
/// Splits a UTF-8 stream into lines without allocating a string per line: each line is a span over a reused
/// char buffer, valid until the next <see cref="TryReadLine"/>. Handles "\n" and "\r\n", multi-byte characters
/// split across reads and streams that return one byte at a time. Memory is bounded by the longest line.
/// </summary>
public sealed class TextLineReader
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>A longer "line" means the input is not a text log (a binary file without newlines); memory stays bounded.</summary>
    public const int MaxLineChars = 64 << 20;

    private readonly Stream _stream;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly byte[] _bytes;
    private char[] _chars;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public TextLineReader(Stream stream, string displayName)
    {
        _stream = stream;
        DisplayName = displayName;
        _bytes = new byte[ChunkBytes];
        _chars = new char[ChunkBytes + 16];
    }

    public string DisplayName { get; }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes read from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next line without its line ending; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        while (true)
        {
            var pending = _chars.AsSpan(_start, _end - _start);
            var newline = pending.IndexOf('\n');
            if (newline >= 0)
            {
                line = TrimCarriageReturn(pending[..newline]);
                _start += newline + 1;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                if (pending.IsEmpty)
                {
                    line = default;
                    return false;
                }

                line = TrimCarriageReturn(pending);
                _start = _end;
                LineNumber++;
                return true;
            }

            Fill();
        }
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        // Keep the unfinished line, then decode more bytes behind it; grow only for a line longer than the buffer.
        var kept = _end - _start;
        if (_start > 0)
        {
            Array.Copy(_chars, _start, _chars, 0, kept);
            _start = 0;
            _end = kept;
        }

        if (kept > MaxLineChars)
        {
            throw InputFormatException.AtLine(DisplayName, LineNumber + 1, $"line longer than {MaxLineChars >> 20} MiB: expected a text log");
        }

        if (_chars.Length - _end < ChunkBytes + 16)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _end + ChunkBytes + 16));
        }

        var read = _stream.Read(_bytes, 0, _bytes.Length);
        if (read == 0)
        {
            _end += _decoder.GetChars([], _chars.AsSpan(_end), flush: true);
            _eof = true;
            return;
        }

        var bytes = _bytes.AsSpan(0, read);
        if (_first)
        {
            _first = false;
            if (bytes.StartsWith("\uFEFF"u8))
            {
                bytes = bytes[3..];
            }
        }

        BytesRead += read;
        _end += _decoder.GetChars(bytes, _chars.AsSpan(_end), flush: false);
    }
}
