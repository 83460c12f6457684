using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AllocScope.Output;

/// <summary>
/// The one JSON style of every output: indented, camelCase keys (by convention of the writers), and only the
/// escaping JSON itself requires (quotes, backslashes, control characters), so Go code reads as written.
/// </summary>
public static class JsonStyle
{
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// A <see cref="Utf8JsonWriter"/> whose bytes are passed on to a text writer in chunks of about a megabyte, so a
/// document of any size (the whole standard library's escape log is ~1 GB of JSON) is never held as one string.
/// </summary>
internal sealed class JsonTextSink : IDisposable
{
    private const int ChunkBytes = 1 << 20;

    private readonly MemoryStream _buffer = new();
    private readonly TextWriter _output;

    public JsonTextSink(TextWriter output)
    {
        _output = output;
        Json = new Utf8JsonWriter(_buffer, JsonStyle.Options);
    }

    public Utf8JsonWriter Json { get; }

    /// <summary>Passes the buffered bytes on once they exceed a chunk (call between items of long arrays).</summary>
    public void Drain() => PassOn(ChunkBytes);

    /// <summary>Passes everything on and ends the document with a newline.</summary>
    public void Finish()
    {
        PassOn(0);
        _output.WriteLine();
    }

    public void Dispose() => Json.Dispose();

    // Utf8JsonWriter flushes whole tokens, so a flushed buffer never ends inside a UTF-8 character.
    private void PassOn(int atLeast)
    {
        Json.Flush();
        if (_buffer.Length > atLeast)
        {
            if (_output is StreamWriter { Encoding: UTF8Encoding } stream)
            {
                // Already UTF-8: the bytes go to the stream as they are (a 370 MB report spent a third of its time
                // turning them into strings and back, and the GC more collecting those strings).
                stream.Flush();
                stream.BaseStream.Write(_buffer.GetBuffer(), 0, (int)_buffer.Length);
            }
            else
            {
                _output.Write(Encoding.UTF8.GetString(_buffer.GetBuffer(), 0, (int)_buffer.Length));
            }

            _buffer.SetLength(0);
        }
    }
}
