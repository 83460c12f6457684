namespace AllocScope.Report;

/// <summary>How to read the numbers of a report: attribution, exactness, missing inputs, warnings.</summary>
public sealed record NotesSection(IReadOnlyList<string> Notes) : ReportSection;
