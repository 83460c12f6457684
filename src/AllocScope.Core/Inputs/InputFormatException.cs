namespace AllocScope.Inputs;

/// <summary>
/// A file that is not what its reader expects: truncated, corrupt, the wrong format or version, or empty.
/// The message names the file, where in it (byte offset or line) and what was expected, so the command
/// line can print it as one line and exit with <c>BadInput</c>.
/// </summary>
public class InputFormatException : Exception
{
    public InputFormatException(string file, string message)
        : base(message)
    {
        File = file;
    }

    public InputFormatException(string file, string message, Exception inner)
        : base(message, inner)
    {
        File = file;
    }

    /// <summary>The file as the user named it.</summary>
    public string File { get; }

    /// <summary>Error at a byte offset of a binary input.</summary>
    public static InputFormatException AtOffset(string file, long offset, string what) =>
        new(file, $"at byte {offset}: {what}");

    /// <summary>Error at a 1-based line of a text input.</summary>
    public static InputFormatException AtLine(string file, long line, string what) =>
        new(file, $"line {line}: {what}");

    /// <summary>Error about the file as a whole.</summary>
    public static InputFormatException Whole(string file, string what) => new(file, what);

    public override string ToString() => $"{File}: {Message}";
}
