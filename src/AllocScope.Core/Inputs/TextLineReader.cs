using System.Runtime.CompilerServices;
using System.Text;

namespace AllocScope.Inputs;

/// <summary>
/// Lines of a UTF-8 text as characters: each line of <see cref="LineReader"/> decoded into a reused char buffer, valid
/// until the next <see cref="TryReadLine"/> (a leading byte-order mark dropped, invalid bytes as U+FFFD). Memory is
/// bounded by the longest line.
/// </summary>
public sealed class TextLineReader(Stream stream, string displayName, string expected = "a text log", int maxLineBytes = LineReader.DefaultMaxLineBytes,
    int bufferBytes = 1 << 20)
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly LineReader _lines = new(stream, displayName, expected, maxLineBytes, bufferBytes);
    private char[] _chars = new char[4096];

    public string DisplayName => _lines.File;

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>The next line without its line ending; false at the end of the input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        if (!_lines.TryReadLine(out var bytes))
        {
            line = default;
            return false;
        }

        if (_lines.LineNumber == 1 && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (_chars.Length < bytes.Length)
        {
            _chars = new char[Math.Max(bytes.Length, _chars.Length * 2)];
        }

        line = _chars.AsSpan(0, s_utf8.GetChars(bytes, _chars));
        return true;
    }
}
