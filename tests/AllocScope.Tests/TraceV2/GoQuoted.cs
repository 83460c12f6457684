using System.Globalization;
using System.Text;

namespace AllocScope.Tests.TraceV2;

/// <summary>Go's interpreted string literals ("…" with \x, \u, octal and the one-letter escapes) as the bytes they stand for.</summary>
public static class GoQuoted
{
    /// <summary>The bytes of the literal <paramref name="literal"/>, quotes included.</summary>
    public static byte[] Bytes(string literal)
    {
        if (literal.Length < 2 || literal[0] != '"' || literal[^1] != '"')
        {
            throw new FormatException($"not a Go string literal: {literal}");
        }

        var s = literal[1..^1];
        var bytes = new List<byte>(s.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length;)
        {
            if (s[i] != '\\')
            {
                var rune = Rune.GetRuneAt(s, i);
                bytes.AddRange(utf8[..rune.EncodeToUtf8(utf8)]);
                i += rune.Utf16SequenceLength;
                continue;
            }

            var c = s[i + 1];
            i += 2;
            switch (c)
            {
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'n': bytes.Add(10); break;
                case 'r': bytes.Add(13); break;
                case 't': bytes.Add(9); break;
                case 'v': bytes.Add(11); break;
                case '\\' or '\'' or '"': bytes.Add((byte)c); break;
                case 'x':
                    bytes.Add(byte.Parse(s.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u' or 'U':
                    var n = c == 'u' ? 4 : 8;
                    var code = int.Parse(s.AsSpan(i, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
                    i += n;
                    break;
                case >= '0' and <= '7':
                    bytes.Add(Convert.ToByte(s.Substring(i - 1, 3), 8));
                    i += 2;
                    break;
                default:
                    throw new FormatException($"unknown escape \\{c} in {literal}");
            }
        }

        return [.. bytes];
    }

    public static string Text(string literal) => Encoding.UTF8.GetString(Bytes(literal));

    /// <summary>The bytes of a `go test fuzz v1` corpus file holding one `[]byte("…")`.</summary>
    public static byte[] FuzzCorpus(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0] != "go test fuzz v1" || !lines[1].StartsWith("[]byte(", StringComparison.Ordinal) || !lines[1].EndsWith(')'))
        {
            throw new FormatException($"{path} is not a go test fuzz v1 file of one []byte");
        }

        return Bytes(lines[1]["[]byte(".Length..^1]);
    }
}
