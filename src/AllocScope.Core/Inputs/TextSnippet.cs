namespace AllocScope.Inputs;

/// <summary>Quoting a piece of a bad input in an error message without letting a huge line flood the terminal.</summary>
public static class TextSnippet
{
    public const int DefaultLength = 80;

    /// <summary>The text, or its first characters and "..." when longer than <paramref name="length"/>.</summary>
    public static string Shorten(string text, int length = DefaultLength) => text.Length <= length ? text : text[..(length - 3)] + "...";
}
