using AllocScope.Bench;
using AllocScope.EscapeLog;
using AllocScope.Inputs;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Inputs;

/// <summary>
/// One fuzz-style test per reader, in-process: truncations, bit flips, the Go trace fuzz corpus and the other readers'
/// files all end in a result or one clean error naming the file (see <see cref="ReaderFuzz"/>).
/// </summary>
public sealed class TheReadersOnHostileInput
{
    private static readonly Action<Stream, string, InputLimits> s_profile = (s, name, limits) => ProfileReader.Read(s, name, limits);
    private static readonly Action<Stream, string, InputLimits> s_escapeLog = (s, name, limits) => EscapeLogReader.Read(s, name, null, limits);
    private static readonly Action<Stream, string, InputLimits> s_bench = (s, name, limits) => BenchmarkOutputReader.Read(InputFile.FromStream(s, name, limits));

    /// <summary>The readers, each with its real inputs (recorded fixtures and upstream files).</summary>
    public static TheoryData<string, string[]> Readers() => new()
    {
        { "profile.proto", ["fixture:mem-rate1.pprof", "fixture:heap-proto.pprof", "fixture:mem-default.pprof"] },
        { "legacy heap text", ["fixture:heap-legacy-default.txt", "shared:pprof-testdata/gobench.heap"] },
        { "legacy CPU", ["shared:pprof-testdata/gobench.cpu", "shared:pprof-testdata/go.crc32.cpu"] },
        { "escape log text", ["fixture:m2.txt", "fixture:m1.txt", "shared:go1.19-samples/sample_m2_go1.19.txt"] },
        { "escape log -json=0", ["fixture:json0/example.com%2Fhotspots/config.json", "shared:go1.19-samples/sample_json0_go1.19.json"] },
        { "go test -bench output", ["fixture:bench-plain.txt", "fixture:bench-optimized.txt"] },
    };

    private static Action<Stream, string, InputLimits> ReaderOf(string reader) =>
        reader.StartsWith("escape", StringComparison.Ordinal) ? s_escapeLog : reader.StartsWith("go test", StringComparison.Ordinal) ? s_bench : s_profile;

    private static byte[] Load(string input) => File.ReadAllBytes(PathOf(input));

    private static string PathOf(string input) => input.StartsWith("fixture:", StringComparison.Ordinal)
        ? Repo.Fixture(input["fixture:".Length..])
        : Repo.RequireShared(input["shared:".Length..]);

    [Theory]
    [MemberData(nameof(Readers))]
    public void Truncations_end_in_a_result_or_a_clean_error(string reader, string[] inputs)
    {
        foreach (var input in inputs)
        {
            ReaderFuzz.Truncations(Load(input), input, ReaderOf(reader));
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void Bit_flips_end_in_a_result_or_a_clean_error(string reader, string[] inputs)
    {
        foreach (var input in inputs)
        {
            ReaderFuzz.BitFlips(Load(input), input, ReaderOf(reader));
        }
    }

    [Theory]
    [MemberData(nameof(Readers))]
    public void The_go_trace_fuzz_corpus_and_the_other_formats_files_are_clean_errors(string reader, string[] inputs)
    {
        var foreign = Directory.GetFiles(Repo.RequireShared("go-trace-v2/fuzz"))
            .Concat(Readers().SelectMany(r => (string[])r.Data.Item2).Where(i => !inputs.Contains(i)).Select(PathOf));
        foreach (var file in foreign)
        {
            var read = ReaderFuzz.Case(File.ReadAllBytes(file), file, ReaderOf(reader), $"{reader} given {file}");
            Assert.False(read && !SameFamily(reader, file), $"{reader} read {file}, which is not its format, as if it were");
        }
    }

    // The profile reader reads every pprof form and the escape reader both log forms: those are not foreign to them.
    private static bool SameFamily(string reader, string file)
    {
        var escapeFile = file.EndsWith(".json", StringComparison.Ordinal) || file.Contains("m2", StringComparison.Ordinal) || file.EndsWith("m1.txt", StringComparison.Ordinal);
        var benchFile = Path.GetFileName(file).StartsWith("bench", StringComparison.Ordinal);
        if (reader.StartsWith("go test", StringComparison.Ordinal) || benchFile)
        {
            return reader.StartsWith("go test", StringComparison.Ordinal) && benchFile;
        }

        return reader.StartsWith("escape", StringComparison.Ordinal) == escapeFile && !file.Contains("go-trace-v2", StringComparison.Ordinal);
    }
}
