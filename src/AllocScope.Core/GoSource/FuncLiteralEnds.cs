using System.Buffers;

namespace AllocScope.GoSource;

/// <summary>
/// Finds where func literals end in Go source: the line of the `}` that closes the body, by brace matching that skips
/// strings, runes, raw strings and comments. It works on the file's bytes, as the compiler counts them: a column is a byte
/// offset and only `\n` ends a line. One file is held at a time, in a pooled buffer given back by <see cref="Dispose"/>;
/// nothing is decoded, so finishing a package of the standard library reads its sources without making large arrays.
/// </summary>
internal sealed class FuncLiteralEnds : IDisposable
{
    private readonly List<int> _lineStarts = [];
    private byte[]? _buffer;
    private string? _path;
    private bool _readable;
    private int _start;
    private int _length;

    /// <summary>The 1-based line of the `}` closing the func literal at (line, column) of the file, or null when the file
    /// cannot be read or has no such block there.</summary>
    public int? Find(string path, int line, int column)
    {
        if (!string.Equals(path, _path, StringComparison.Ordinal))
        {
            Load(path);
        }

        if (!_readable || line < 1 || line > _lineStarts.Count)
        {
            return null;
        }

        var text = _buffer.AsSpan(_start, _length);
        var lineStart = _lineStarts[line - 1];
        var lineEnd = line < _lineStarts.Count ? _lineStarts[line] - 1 : text.Length;
        return BlockEnd(text, Math.Min(lineStart + Math.Max(0, column - 1), lineEnd), line);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _path = null;
    }

    private void Load(string path)
    {
        var buffer = _buffer;
        _path = path;
        _readable = SourceBytes.TryRead(path, ref buffer, Rent, out _start, out _length);
        _buffer = buffer;
        _lineStarts.Clear();
        if (!_readable)
        {
            return;
        }

        var text = _buffer.AsSpan(_start, _length);
        for (var at = 0; at < text.Length;)
        {
            _lineStarts.Add(at);
            var end = text[at..].IndexOf((byte)'\n');
            at = end < 0 ? text.Length : at + end + 1;
        }
    }

    private byte[] Rent(int size)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        return ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
    }

    // From the literal's `func` on: the first `{` opens the body, its matching `}` closes it.
    private static int? BlockEnd(ReadOnlySpan<byte> text, int at, int line)
    {
        var depth = 0;
        var started = false;
        for (var i = at; i < text.Length; i++)
        {
            switch (text[i])
            {
                case (byte)'\n':
                    line++;
                    break;
                case (byte)'/' when i + 1 < text.Length && text[i + 1] == '/':
                    // To the end of the line (its `\n` is counted next).
                    var end = text[i..].IndexOf((byte)'\n');
                    i = end < 0 ? text.Length : i + end - 1;
                    break;
                case (byte)'/' when i + 1 < text.Length && text[i + 1] == '*':
                    var close = text[(i + 2)..].IndexOf("*/"u8);
                    var comment = close < 0 ? text[i..] : text[i..(i + 2 + close + 2)];
                    line += comment.Count((byte)'\n');
                    i += comment.Length - 1;
                    break;
                case (byte)'"' or (byte)'\'':
                    i = SkipQuoted(text, i);
                    break;
                case (byte)'`':
                    // Raw strings may span lines.
                    var raw = text[(i + 1)..].IndexOf((byte)'`');
                    var body = raw < 0 ? text[i..] : text[i..(i + 1 + raw + 1)];
                    line += body.Count((byte)'\n');
                    i += body.Length - 1;
                    break;
                case (byte)'{':
                    depth++;
                    started = true;
                    break;
                case (byte)'}':
                    depth--;
                    if (started && depth == 0)
                    {
                        return line;
                    }

                    break;
            }
        }

        return null;
    }

    // An interpreted string or rune ends at its closing quote or, unterminated, at the end of its line: the index of the
    // quote, or of the last byte before the `\n`.
    private static int SkipQuoted(ReadOnlySpan<byte> text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                return i - 1;
            }

            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return text.Length;
    }
}
