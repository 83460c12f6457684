using AllocScope.Taxonomy;

namespace AllocScope.Pprof;

/// <summary>How a row changed between two profiles.</summary>
public enum DiffStatus
{
    Same,
    Changed,

    /// <summary>Only in the new profile: an allocation site that appeared.</summary>
    Appeared,

    /// <summary>Only in the base profile: an allocation site that vanished.</summary>
    Vanished,
}

/// <summary>Stable ids of <see cref="DiffStatus"/> used in every output.</summary>
public static class DiffStatuses
{
    public static string Id(this DiffStatus status) => StableIds.Of(status);

    /// <summary>The status of a key present with these flags and values in the base and the new side.</summary>
    public static DiffStatus Of(bool inBase, bool inNew, long baseValue, long newValue) =>
        !inBase ? DiffStatus.Appeared : !inNew ? DiffStatus.Vanished : baseValue == newValue ? DiffStatus.Same : DiffStatus.Changed;
}

/// <summary>One function or line in both profiles (flat values).</summary>
public sealed record DiffRow(string Function, string File, long Line, long Base, long New, DiffStatus Status)
{
    public long Delta => New - Base;

    public string DisplayName(TopGranularity by) => new TopRow(Function, File, Line, 0, 0).DisplayName(by);
}

/// <summary>The flat values of two top tables side by side, keyed by function (or line).</summary>
public sealed class ProfileDiff
{
    public ProfileDiff(TopAggregator baseTop, TopAggregator newTop)
    {
        By = baseTop.By;
        SampleType = baseTop.SampleType ?? newTop.SampleType ?? new ValueType("", "");
        BaseTotal = baseTop.Total;
        NewTotal = newTop.Total;
        var rows = new Dictionary<(string, string, long), (long Base, long New, bool InBase, bool InNew)>();
        foreach (var r in baseTop.Rows())
        {
            rows[(r.Function, r.File, r.Line)] = (r.Flat, 0, r.Flat != 0, false);
        }

        foreach (var r in newTop.Rows())
        {
            var key = (r.Function, r.File, r.Line);
            var old = rows.GetValueOrDefault(key);
            rows[key] = (old.Base, r.Flat, old.InBase, r.Flat != 0);
        }

        // Checked once here, so a delta or share is never a wrapped number (pprof's diff wraps silently).
        _ = checked(NewTotal - BaseTotal);
        foreach (var (b, n, _, _) in rows.Values)
        {
            _ = checked(n - b);
        }

        Rows = rows
            .Where(kv => kv.Value.Base != 0 || kv.Value.New != 0)
            .Select(kv => new DiffRow(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value.Base, kv.Value.New,
                DiffStatuses.Of(kv.Value.InBase, kv.Value.InNew, kv.Value.Base, kv.Value.New)))
            .OrderByDescending(r => Math.Abs(r.Delta))
            .ThenBy(r => r.DisplayName(By), StringComparer.Ordinal)
            .ToList();
    }

    public TopGranularity By { get; }

    public ValueType SampleType { get; }

    public long BaseTotal { get; }

    public long NewTotal { get; }

    public long TotalDelta => NewTotal - BaseTotal;

    public IReadOnlyList<DiffRow> Rows { get; }

    /// <summary>The part of the total change a row explains, or null when the total did not change.</summary>
    public double? Share(DiffRow row) => TotalDelta == 0 ? null : (double)row.Delta / TotalDelta;
}
