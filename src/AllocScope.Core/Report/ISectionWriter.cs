namespace AllocScope.Report;

/// <summary>
/// A format's form for every section type, family by family (each family's interface sits beside its sections). A
/// new section type is added to its family, so every writer must say how it renders it before the code compiles.
/// </summary>
/// <typeparam name="TTarget">What the format writes into while walking (a text writer, a JSON writer).</typeparam>
public interface ISectionWriter<in TTarget> : ISiteSectionWriter<TTarget>, IProfileSectionWriter<TTarget>, IEscapeSectionWriter<TTarget>,
    IViewSectionWriter<TTarget>, ITraceSectionWriter<TTarget>, IGcTraceSectionWriter<TTarget>
{
    void Write(TTarget target, NotesSection section);

    void Write(TTarget target, ToolsSection section);
}
