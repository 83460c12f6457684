using AllocScope.EscapeLog;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// Real Go output for the range and streaming tests: the corpus logs of four standard-library packages and the example,
/// one after the other (as one `go build -gcflags=-m=2 ./...` prints several packages), with a foreign line and an
/// unknown one in the middle.
/// </summary>
internal static class MultiPackageLog
{
    private static readonly string[] s_corpus = ["encoding-csv", "go-parser", "regexp", "compress-flate"];

    public static void Write(string path, string? middle = null)
    {
        var parts = s_corpus
            .Select(p => File.ReadAllText(Path.Combine(Repo.Root, "testdata", "std", p, "m2.txt"))).ToList();
        parts.Insert(2, middle ?? "go: downloading example.com/x v1.0.0\n./odd.go:1:2: a message of a shape nobody knows\n");
        parts.Add(File.ReadAllText(Repo.Fixture("m2.txt")));
        File.WriteAllText(path, string.Concat(parts));
    }

    /// <summary>Everything a decision says, its messages included (they carry every flow step).</summary>
    public static string Describe(EscapeDecision d) =>
        $"{d.Package} {d.Position} {d.Function} {d.Expression} {d.Verdict} {d.Kind} {d.Reason} | {string.Join(" | ", d.Messages())}";

    /// <summary>What a read that only counts keeps of a decision: no messages, the same classification.</summary>
    public static string Classification(EscapeDecision d) =>
        $"{d.Package} {d.Position} {d.Function} {d.Expression} {d.Verdict} {d.Kind} {d.Reason} {d.Derefs} {d.Result} {d.Explanations.Count}";
}
