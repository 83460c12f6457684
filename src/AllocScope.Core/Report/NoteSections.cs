namespace AllocScope.Report;

/// <summary>How to read the numbers of a report: attribution, exactness, missing inputs, warnings.</summary>
public sealed record NotesSection(IReadOnlyList<string> Notes) : ReportSection
{
    public override void WriteTo<TTarget>(ISectionWriter<TTarget> writer, TTarget target) => writer.Write(target, this);
}
