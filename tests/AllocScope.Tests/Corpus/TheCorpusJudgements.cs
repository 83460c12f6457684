using System.Text.Json;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Corpus;

/// <summary>
/// The top 15 sites of each corpus package against what a Go performance engineer wrote down after reading that
/// package's code (tests/AllocScope.Tests/Corpus/expected): kind, escape reason and fix action, row by row.
/// </summary>
public sealed class TheCorpusJudgements
{
    public static TheoryData<string> Packages => [.. StandardLibraryCorpus.Packages];

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_top_15_sites_get_the_kind_reason_and_fix_action_an_expert_gives(string package)
    {
        GoTool.Require();
        // The package's own code, whether a benchmark ran it timed or in its set-up (a set-up row of a line is judged
        // as the line's timed row is): the tests' lines and the harness are not the package.
        using var report = StandardLibraryCorpus.Report(package, "--limit", "0", "--show-harness");
        var expected = StandardLibraryCorpus.Expectations(package);
        var sites = report.RootElement.GetProperty("sites").EnumerateArray()
            .Where(s => s.GetProperty("scope").GetString() is "code" or "set-up")
            .DistinctBy(s => (s.GetProperty("function").GetString(), StandardLibraryCorpus.Place(s), s.GetProperty("kind").GetString()))
            .Take(15).ToList();
        // encoding/csv has 9 rows of its own: the rest of its profile is harness and the runtime's own work in the test binary.
        Assert.True(sites.Count >= Math.Min(8, expected.Count), $"{package}: only {sites.Count} sites");
        var failures = new List<string>();
        foreach (var site in sites)
        {
            var function = site.GetProperty("function").GetString()!;
            var place = StandardLibraryCorpus.Place(site);
            var kind = site.GetProperty("kind").GetString();
            var e = expected.FirstOrDefault(x => x.Function == function && x.Place == place);
            if (e is null)
            {
                failures.Add($"{function} {place} ({kind}): a top-15 site without a written expectation; read the code and add it");
                continue;
            }

            var got = (Kind: kind, Reason: site.GetProperty("reason").GetString(), Fix: site.GetProperty("fixAction").GetString());
            if (got != (e.Kind, e.Reason, e.FixAction))
            {
                failures.Add($"{function} {place}: got {got.Kind} / {got.Reason} / {got.Fix}, expected {e.Kind} / {e.Reason} / {e.FixAction} ({e.Why})");
            }
        }

        Assert.True(failures.Count == 0, $"{package}:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Every_corpus_package_has_expectations_for_at_least_its_top_ten_sites()
    {
        foreach (var package in StandardLibraryCorpus.Packages)
        {
            Assert.True(StandardLibraryCorpus.Expectations(package).Count >= 10, package);
            Assert.True(File.Exists(Path.Combine(StandardLibraryCorpus.Folder(package), "mem.pprof")), package);
        }
    }

    [Fact]
    public void A_package_under_GOROOT_without_module_is_attributed_as_with_it_and_the_report_says_which_module_it_chose()
    {
        GoTool.Require();
        using var inferred = StandardLibraryCorpus.Report("encoding/csv", "--limit", "0");
        using var given = StandardLibraryCorpus.Report("encoding/csv", "--limit", "0", "--module", "encoding/csv");
        static string Rows(JsonDocument d) => string.Join("\n", d.RootElement.GetProperty("sites").EnumerateArray()
            .Select(s => $"{s.GetProperty("function").GetString()} {StandardLibraryCorpus.Place(s)} {s.GetProperty("kind").GetString()} {s.GetProperty("value").GetInt64()}"));
        Assert.Equal(Rows(given), Rows(inferred));

        var notes = inferred.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("first frame in encoding/csv (from the package's path under GOROOT", StringComparison.Ordinal));

        // Never every row a library row calling itself: the package's own lines are its sites.
        var sites = inferred.RootElement.GetProperty("sites").EnumerateArray().ToList();
        Assert.Contains(sites, s => s.GetProperty("kind").GetString() != "library" && s.GetProperty("function").GetString()!.StartsWith("encoding/csv.", StringComparison.Ordinal));
        Assert.DoesNotContain(sites, s => s.GetProperty("function").GetString()!.StartsWith("encoding/csv.", StringComparison.Ordinal)
            && s.GetProperty("callee").ValueKind == JsonValueKind.String && s.GetProperty("callee").GetString() == s.GetProperty("function").GetString());

        var text = CliRunner.Run("report", "--profile", Path.Combine(StandardLibraryCorpus.Folder("encoding/csv"), "mem.pprof"),
            "--source", StandardLibraryCorpus.RequireSource("encoding/csv"));
        Assert.Contains("note: allocations are attributed to the first frame in encoding/csv", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_benchmark_output_each_fix_says_what_the_site_costs_per_op()
    {
        GoTool.Require();
        using var report = StandardLibraryCorpus.Report("encoding/csv", "--limit", "0", "--bench", Path.Combine(StandardLibraryCorpus.Folder("encoding/csv"), "bench.txt"));
        var sites = report.RootElement.GetProperty("sites").EnumerateArray().ToList();

        // BenchmarkWrite makes one NewWriter per op; NewWriter's inlined bufio.NewWriter makes a 4096-byte buffer
        // (and its small struct): read from the code, not from our output.
        var writer = sites.Single(s => StandardLibraryCorpus.Place(s) == "writer.go:40");
        var op = writer.GetProperty("perOp");
        Assert.Equal("BenchmarkWrite", op.GetProperty("benchmark").GetString());
        Assert.InRange(op.GetProperty("objects").GetDouble(), 0.9, 2.2);
        Assert.InRange(op.GetProperty("bytes").GetDouble(), 4096, 4400);
        Assert.Contains("per op of BenchmarkWrite", writer.GetProperty("expectedEffect").GetString(), StringComparison.Ordinal);

        // One string per record: BenchmarkReadReuseRecordLargeFields reports 12 allocs/op, all of them that conversion.
        var record = sites.Single(s => StandardLibraryCorpus.Place(s) == "reader.go:436");
        Assert.InRange(record.GetProperty("perOp").GetProperty("objects").GetDouble(), 11, 13);
    }

    [Fact]
    public void Test_code_and_the_testing_harness_are_summed_up_not_ranked_unless_asked()
    {
        GoTool.Require();
        using var plain = StandardLibraryCorpus.Report("encoding/csv", "--limit", "0");
        Assert.All(plain.RootElement.GetProperty("sites").EnumerateArray(), s => Assert.Equal("code", s.GetProperty("scope").GetString()));
        var notes = plain.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notes, n => n.Contains("_test.go files", StringComparison.Ordinal) && n.Contains("--show-harness", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("testing harness", StringComparison.Ordinal));

        using var all = StandardLibraryCorpus.Report("encoding/csv", "--limit", "0", "--include-tests");
        var scopes = all.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("scope").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "code", "test", "harness" }, scopes);
        Assert.Equal(plain.RootElement.GetProperty("total").GetInt64(), all.RootElement.GetProperty("total").GetInt64());

        // The benchmarks' input is built with strings.Repeat: inside it, strings.Builder's
        // make([]byte, len(b.buf), 2*cap(b.buf)+n) is a kept buffer growing, not a plea for a constant size.
        var grow = all.RootElement.GetProperty("sites").EnumerateArray().SelectMany(s => s.GetProperty("allocators").EnumerateArray())
            .First(a => a.GetProperty("function").GetString() == "strings.(*Builder).grow");
        Assert.Equal("slice-growth", grow.GetProperty("kind").GetString());
    }
}
