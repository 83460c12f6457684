using System.Globalization;
using AllocScope.Sites;

namespace AllocScope.Output;

/// <summary>The benchmark workload's cells, one wording for text and markdown.</summary>
internal static class BenchmarkPhrases
{
    public static string Title(BenchmarkWorkload workload) =>
        $"Benchmarks{(workload.BenchTime is { } t ? $" (-benchtime {t})" : string.Empty)}: go test's figures per op beside what the profile holds under each";

    public static string PerOp(BenchmarkWorkloadRow row) => row.Results.Count == 1
        ? $"{Number(row.Results[0].NsPerOp)} ns/op, {Optional(row.Results[0].BytesPerOp)} B/op, {Optional(row.Results[0].AllocsPerOp)} allocs/op"
        : $"{row.Results.Count} results (sub-benchmarks), {Optional(row.Results.Sum(r => r.BytesPerOp ?? 0))} B/op summed";

    public static string Ops(BenchmarkWorkloadRow row) => row.Ops is { } ops ? Units.Count(ops) : "?";

    public static string Untimed(BenchmarkWorkloadRow row) => row.UntimedBytes is { } untimed
        ? $"{Units.Bytes(Math.Max(0, untimed))} ({Units.Percent(Math.Max(0, untimed), row.ProfileBytes).Trim()})"
        : "? (needs -benchtime Nx)";

    public static string SetUp(BenchmarkWorkloadRow row) =>
        $"{Units.Bytes(row.SetUpBytes)} ({Units.Percent(row.SetUpBytes, row.ProfileBytes).Trim()})";

    private static string Optional(double? value) => value is { } v ? Number(v) : "-";

    private static string Number(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "0" : "0.##", CultureInfo.InvariantCulture);
}
