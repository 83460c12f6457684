using System.Globalization;
using System.Text;
using System.Text.Json;
using AllocScope.Pprof;
using ValueType = AllocScope.Pprof.ValueType;

namespace AllocScope.Output;

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

/// <summary>One function or line in both profiles (flat values).</summary>
public sealed record DiffRow(string Function, string File, long Line, long Base, long New, DiffStatus Status)
{
    public long Delta => New - Base;
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

        Rows = rows
            .Where(kv => kv.Value.Base != 0 || kv.Value.New != 0)
            .Select(kv => new DiffRow(kv.Key.Item1, kv.Key.Item2, kv.Key.Item3, kv.Value.Base, kv.Value.New,
                !kv.Value.InBase ? DiffStatus.Appeared : !kv.Value.InNew ? DiffStatus.Vanished : kv.Value.Base == kv.Value.New ? DiffStatus.Same : DiffStatus.Changed))
            .OrderByDescending(r => Math.Abs(r.Delta))
            .ThenBy(r => new TopRow(r.Function, r.File, r.Line, 0, 0).DisplayName(By), StringComparer.Ordinal)
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

/// <summary>Writes a <see cref="ProfileDiff"/> as text or JSON. Deltas carry an explicit sign and a status word, so a
/// vanished site never reads as a negative allocation.</summary>
public static class DiffReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    private static string Signed(long v) => v > 0 ? "+" + v.ToString(s_inv) : v.ToString(s_inv);

    private static string Status(DiffStatus s) => s switch
    {
        DiffStatus.Appeared => "appeared",
        DiffStatus.Vanished => "vanished",
        DiffStatus.Changed => "changed",
        _ => "same",
    };

    public static void WriteText(TextWriter w, ProfileDiff diff, int limit)
    {
        w.WriteLine($"Type: {diff.SampleType.Type} ({diff.SampleType.Unit})");
        w.WriteLine($"Total: base {diff.BaseTotal.ToString(s_inv)}, new {diff.NewTotal.ToString(s_inv)}, change {Signed(diff.TotalDelta)} ({(diff.BaseTotal == 0 ? "n/a" : Signed((long)Math.Round(100.0 * diff.TotalDelta / diff.BaseTotal)) + "%")})");
        w.WriteLine($"{"base",12} {"new",12} {"delta",12} {"share",8}  {"status",-9} {(diff.By == TopGranularity.Line ? "function file:line" : "function")}");
        foreach (var row in limit > 0 ? diff.Rows.Take(limit) : diff.Rows)
        {
            var share = diff.Share(row) is { } s ? (s * 100).ToString("F2", s_inv) + "%" : "-";
            var name = new TopRow(row.Function, row.File, row.Line, 0, 0).DisplayName(diff.By);
            w.WriteLine($"{row.Base.ToString(s_inv),12} {row.New.ToString(s_inv),12} {Signed(row.Delta),12} {share,8}  {Status(row.Status),-9} {name}");
        }
    }

    public static void WriteJson(TextWriter w, ProfileDiff diff, int limit)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("sampleType", diff.SampleType.Type);
            json.WriteString("unit", diff.SampleType.Unit);
            json.WriteNumber("baseTotal", diff.BaseTotal);
            json.WriteNumber("newTotal", diff.NewTotal);
            json.WriteNumber("delta", diff.TotalDelta);
            json.WriteStartArray("rows");
            foreach (var row in limit > 0 ? diff.Rows.Take(limit) : diff.Rows)
            {
                json.WriteStartObject();
                json.WriteString("function", row.Function);
                json.WriteString("file", row.File);
                json.WriteNumber("line", row.Line);
                json.WriteNumber("base", row.Base);
                json.WriteNumber("new", row.New);
                json.WriteNumber("delta", row.Delta);
                json.WriteString("status", Status(row.Status));
                if (diff.Share(row) is { } s)
                {
                    json.WriteNumber("share", Math.Round(s, 6));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        w.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
