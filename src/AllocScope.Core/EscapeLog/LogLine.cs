namespace AllocScope.EscapeLog;

/// <summary>A line of the input kept verbatim, with its 1-based line number (foreign or unrecognised lines).</summary>
public sealed record LogLine(long Number, string Text)
{
    public override string ToString() => $"{Number}: {Text}";
}
