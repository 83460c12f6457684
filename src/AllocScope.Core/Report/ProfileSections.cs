using AllocScope.Pprof;
using ValueType = AllocScope.Pprof.ValueType;

namespace AllocScope.Report;

/// <summary>Flat and cum per function or line, like `go tool pprof -top`.</summary>
public sealed record TopTableSection(ValueType SampleType, TopGranularity By, long Total, IReadOnlyList<TopRow> Rows) : ReportSection;

/// <summary>Distinct stacks (root first) with their values: the input of flame graphs.</summary>
public sealed record StacksSection(TopGranularity By, IReadOnlyList<(IReadOnlyList<TopRow> Frames, long Value)> Stacks) : ReportSection;

/// <summary>Two profiles compared per function or line.</summary>
public sealed record ProfileDiffSection(ProfileDiff Diff) : ReportSection;
