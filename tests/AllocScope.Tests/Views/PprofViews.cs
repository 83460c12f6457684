using System.Globalization;
using System.Text.RegularExpressions;
using AllocScope.Pprof;
using AllocScope.Tests.Infrastructure;
using AllocScope.Tests.Pprof;

namespace AllocScope.Tests.Views;

/// <summary>
/// One profile as the view tests read it, and what `go tool pprof` reads for it. A legacy text profile is compared with
/// the proto profile the same process wrote next: pprof names a text profile's frames from the binary without their
/// inlined callees (Go 1.19), we from the profile's own comments, which TheTopAggregator shows equal the proto's.
/// </summary>
public sealed record ViewProfile(string Path, string? PprofPath = null)
{
    public string[] PprofInputs => [PprofPath ?? Path];

    public bool IsLegacy => PprofPath is not null;

    public static ViewProfile Of(string name) => name switch
    {
        "legacy heap.txt" => new(GoHeapProfiles.Shared["heap.txt"], GoHeapProfiles.Shared["heap.pb.gz"]),
        "allocs.pb.gz" => new(GoHeapProfiles.Shared["allocs.pb.gz"]),
        _ => new(Repo.Fixture(name)),
    };
}

/// <summary>A node of `go tool pprof -tree`/`-peek` text: its values and its caller and callee edges.</summary>
public sealed record PprofNode(string Name, long Flat, long Cum, IReadOnlyList<(string Name, long Value, bool Inline)> Callers, IReadOnlyList<(string Name, long Value, bool Inline)> Callees)
{
    public string Describe() => $"{Name} flat={Flat} cum={Cum} callers=[{string.Join(", ", Callers.Order())}] callees=[{string.Join(", ", Callees.Order())}]";
}

/// <summary>Runs `go tool pprof` views and parses their text; and the same views computed by AllocScope's core.</summary>
public static partial class PprofViews
{
    /// <summary>pprof's filter flags from ours: focus, ignore, hide.</summary>
    public static string[] FilterFlags(string? focus, string? ignore, string? hide) =>
        [.. focus is null ? [] : new[] { "-focus=" + focus }, .. ignore is null ? [] : new[] { "-ignore=" + ignore }, .. hide is null ? [] : new[] { "-hide=" + hide }];

    public static FrameFilter Filter(string? focus, string? ignore, string? hide) =>
        new(Compile(focus), Compile(ignore), Compile(hide));

    public static CallStacks Stacks(ViewProfile profile, string sampleType, TopGranularity by, FrameFilter filter)
    {
        var stacks = new CallStacks(by, filter);
        stacks.Add(ProfileReader.Read(profile.Path), sampleType);
        return stacks;
    }

    /// <summary>`go tool pprof -tree` or `-peek REGEX` as nodes; exact units (-unit=B reads the same for counts).</summary>
    public static List<PprofNode> Tree(ViewProfile profile, params string[] args)
    {
        var output = GoHeapProfiles.Pprof(["-unit=B", .. args, .. profile.PprofInputs]);
        var nodes = new List<PprofNode>();
        List<(string, long, bool)>? callers = null, callees = null;
        (string Name, long Flat, long Cum)? node = null;
        void Flush()
        {
            if (node is { } n)
            {
                nodes.Add(new PprofNode(n.Name, n.Flat, n.Cum, callers!, callees!));
            }

            node = null;
            callers = [];
            callees = [];
        }

        var inTable = false;
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd()))
        {
            if (line.StartsWith("-----", StringComparison.Ordinal))
            {
                inTable = true;
                Flush();
                continue;
            }

            if (!inTable || line.TrimStart().StartsWith("flat", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            if (NodeLine().Match(line) is { Success: true } m)
            {
                node = (m.Groups[3].Value, Value(m.Groups[1].Value), Value(m.Groups[2].Value));
            }
            else if (EdgeLine().Match(line) is { Success: true } e)
            {
                (node is null ? callers! : callees!).Add((e.Groups[2].Value, Value(e.Groups[1].Value), e.Groups[3].Success));
            }
            else
            {
                Assert.Fail("unexpected pprof -tree line: " + line);
            }
        }

        Flush();
        return nodes;
    }

    /// <summary>Our graph nodes in the same form.</summary>
    public static List<PprofNode> Nodes(IEnumerable<GraphNode> nodes) =>
        [.. nodes.Select(n => new PprofNode(n.Name, n.Flat, n.Cum,
            [.. n.In.Select(e => (e.From.Name, e.Weight, e.Inline))],
            [.. n.Out.Select(e => (e.To.Name, e.Weight, e.Inline))]))];

    /// <summary>
    /// Asserts two node lists equal node by node (order included) with the same edges. A legacy text profile has one
    /// location per frame (the runtime gives inlined frames PCs of their own), so whether an edge is inline is unknown
    /// there: <paramref name="legacy"/> compares values only.
    /// </summary>
    public static void AssertSameNodes(List<PprofNode> expected, List<PprofNode> actual, bool legacy = false)
    {
        Assert.NotEmpty(expected);
        static PprofNode NoInline(PprofNode n) => n with { Callers = [.. n.Callers.Select(e => e with { Inline = false })], Callees = [.. n.Callees.Select(e => e with { Inline = false })] };
        Assert.Equal(expected.Select(n => (legacy ? NoInline(n) : n).Describe()), actual.Select(n => (legacy ? NoInline(n) : n).Describe()));
    }

    /// <summary>One function of `go tool pprof -list`: header values and the printed lines (number → flat, cum); lines null when pprof found no source.</summary>
    public sealed record PprofRoutine(string Function, string File, long Flat, long Cum, IReadOnlyList<(long Line, long Flat, long Cum)>? Lines);

    public static List<PprofRoutine> List(ViewProfile profile, string regex, string sourcePath, params string[] args)
    {
        var output = GoHeapProfiles.Pprof(["-unit=B", "-list=" + regex, "-source_path=" + sourcePath, .. args, .. profile.PprofInputs]);
        var routines = new List<PprofRoutine>();
        string[] lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var head = Routine().Match(lines[i]);
            if (!head.Success)
            {
                continue;
            }

            var totals = Totals().Match(lines[++i]);
            Assert.True(totals.Success, "unexpected pprof -list header: " + lines[i]);
            List<(long, long, long)>? rows = [];
            while (i + 1 < lines.Length && SourceLine().Match(lines[i + 1]) is { Success: true } row)
            {
                rows.Add((long.Parse(row.Groups[3].Value, CultureInfo.InvariantCulture), DotValue(row.Groups[1].Value), DotValue(row.Groups[2].Value)));
                i++;
            }

            if (i + 1 < lines.Length && lines[i + 1].StartsWith(" Error:", StringComparison.Ordinal))
            {
                rows = null;
            }

            routines.Add(new PprofRoutine(head.Groups[1].Value, head.Groups[2].Value, Value(totals.Groups[1].Value), Value(totals.Groups[2].Value), rows));
        }

        return routines;
    }

    private static long DotValue(string text) => text == "." ? 0 : Value(text);

    private static long Value(string text) => long.Parse(text.TrimEnd('B'), CultureInfo.InvariantCulture);

    private static Regex? Compile(string? pattern) => pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^\s*(-?\d+B?)\s+\S+%\s+\S+%\s+(-?\d+B?)\s+\S+%\s+\| (.+)$")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^\s+(-?\d+B?)\s+\S+%\s+\|\s+(.+?)( \(inline\))?$")]
    private static partial Regex EdgeLine();

    [GeneratedRegex(@"^ROUTINE =+ (.+) in (.+)$")]
    private static partial Regex Routine();

    [GeneratedRegex(@"^\s*(-?\d+B?)\s+(-?\d+B?) \(flat, cum\)")]
    private static partial Regex Totals();

    [GeneratedRegex(@"^\s*(\.|-?\d+B?)\s+(\.|-?\d+B?)\s+(\d+):")]
    private static partial Regex SourceLine();
}
