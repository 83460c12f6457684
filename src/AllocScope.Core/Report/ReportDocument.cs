namespace AllocScope.Report;

/// <summary>
/// What a command shows, as an ordered list of typed sections. Services build it; every writer (text, markdown,
/// JSON, folded, and those to come) walks the same sections and only renders them.
/// </summary>
public sealed class ReportDocument(IReadOnlyList<ReportSection> sections)
{
    /// <summary>
    /// The version of every JSON document's shape (`schemaVersion`); docs/json-schemas.md has the change log.
    /// Raise it with any change a consumer could notice.
    /// </summary>
    public const int SchemaVersion = 4;

    public IReadOnlyList<ReportSection> Sections { get; } = sections;

    /// <summary>The first section of a type, or null.</summary>
    public T? Section<T>()
        where T : ReportSection => Sections.OfType<T>().FirstOrDefault();
}

/// <summary>One part of a report; the concrete types are the vocabulary every writer knows.</summary>
public abstract record ReportSection
{
    /// <summary>Hands this section to the writer's method for its type (the writer must have one for every type).</summary>
    public abstract void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target);
}

/// <summary>How much of a report to render.</summary>
/// <param name="Limit">At most this many rows of a ranked table (0: all).</param>
public sealed record RenderOptions(int Limit = 0)
{
    public static RenderOptions All { get; } = new();

    /// <summary>The first <see cref="Limit"/> items (all when 0).</summary>
    public IEnumerable<T> Take<T>(IEnumerable<T> items) => Limit > 0 ? items.Take(Limit) : items;
}
