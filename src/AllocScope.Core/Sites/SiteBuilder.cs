using AllocScope.EscapeLog;
using AllocScope.Go;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>How to join: which frames are the user's, where the source is, what the escape log and the code say.</summary>
public sealed record SiteOptions(ModuleMatcher Module, GoSourceTree Source, CompilerLog? Escape)
{
    /// <summary>Facts about the code at each site (Go's type checker, or the tokens when Go is absent).</summary>
    public ICodeFacts? Facts { get; init; }

    /// <summary>`go test -bench -benchmem` results of the profiled run, for per-operation figures; empty: none.</summary>
    public IReadOnlyList<Bench.BenchmarkResult> Benchmarks { get; init; } = [];

    /// <summary>The Go root whose src/ holds the standard library's files (what a library row's allocators are in).</summary>
    public string? GoRoot { get; init; }

    /// <summary>The file a profile's file name stands for: under the Go root, below the source root, or as given.</summary>
    /// <summary>Which lines ran with the benchmark timer stopped; null: asked of <see cref="Facts"/> while building.</summary>
    internal BenchmarkTimers? Timers { get; init; }

    internal string? ResolveSource(string file) =>
        (GoRoot is { } root && !Path.IsPathRooted(file) && Path.Combine(root, "src", file) is var std && File.Exists(std) ? std : null)
        ?? Source.Resolve(file) ?? (Path.IsPathRooted(file) && File.Exists(file) ? file : null);
}

/// <summary>
/// The join, first half: attributes each allocation stack to the leaf-most frame in the user's code (with what is
/// below it: a runtime frame that says the kind, or the dependency the line called and the statement inside it that
/// allocated) and adds the samples up per site. <see cref="SiteClassifier"/> then says what each site is and why.
/// </summary>
public static class SiteBuilder
{
    private const int MaxAllocators = 6;

    /// <summary>What keeps two sites apart; <c>SetUp</c> splits a line's allocations made with the benchmark timer stopped from the rest.</summary>
    internal readonly record struct SiteKey(string Function, string File, long Line, string? Callee, AllocationKind? RuntimeKind, bool SetUp = false);

    public static List<AllocationSite> Build(IEnumerable<AllocationSample> samples, SiteOptions options) => Build(samples, options, out _);

    /// <summary>Builds and classifies the sites; <paramref name="truncatedValue"/> is the value of samples whose stacks the runtime cut.</summary>
    public static List<AllocationSite> Build(IEnumerable<AllocationSample> samples, SiteOptions options, out long truncatedValue)
    {
        truncatedValue = 0;
        var sites = new Dictionary<SiteKey, (AllocationSite Site, string? RuntimeFrame, bool CalleeInlined)>();
        var allocators = new Dictionary<(SiteKey, string, string, long), Allocator>();
        var callers = new Dictionary<(SiteKey Site, string Function, string File, long Line), long>();
        var perBenchmark = new BenchmarkShares(options.Benchmarks);
        var all = samples as IReadOnlyList<AllocationSample> ?? [.. samples];
        var timers = options.Timers ?? BenchmarkTimers.For(all, options);
        var testProcess = all.Any(s => s.Frames.Any(IsTesting));
        foreach (var sample in all)
        {
            if (sample.AllocObjects == 0 && sample.AllocBytes == 0 && sample.InuseObjects == 0 && sample.InuseBytes == 0 && sample.Value == 0)
            {
                continue;
            }

            var (key, frame, runtimeFrame, calleeInlined, leaf) = Attribute(sample, options.Module);
            var scope = ScopeOf(sample, frame, options.Module, timers, testProcess);
            key = key with { SetUp = scope == SiteScope.SetUp };
            if (!sites.TryGetValue(key, out var entry))
            {
                entry = (new AllocationSite { Function = frame.Function, File = frame.File, Line = frame.Line, Callee = key.Callee, Scope = scope },
                    runtimeFrame, calleeInlined);
                sites[key] = entry;
            }

            var site = entry.Site;
            Add(site, sample);
            if (frame.InlinedInto is not null)
            {
                site.InlinedInto.Add(frame.InlinedInto);
            }

            perBenchmark.Add(key, site, sample);
            if (CallerOf(sample, frame) is { } caller)
            {
                var ckey = (key, caller.Function, caller.File, caller.Line);
                callers[ckey] = callers.GetValueOrDefault(ckey) + sample.Value;
            }

            if (sample.Truncated)
            {
                site.TruncatedValue += sample.Value;
                truncatedValue += sample.Value;
            }

            if (leaf is { } allocator)
            {
                var akey = (key, allocator.Frame.Function, allocator.Frame.File, allocator.Frame.Line);
                if (!allocators.TryGetValue(akey, out var share))
                {
                    share = new Allocator { Function = allocator.Frame.Function, File = allocator.Frame.File, Line = allocator.Frame.Line, RuntimeFrame = allocator.RuntimeFrame };
                    allocators[akey] = share;
                    site.Allocators.Add(share);
                }

                share.Value += sample.Value;
                share.Objects += sample.AllocObjects;
                share.Bytes += sample.AllocBytes;
            }
        }

        // The call that most of a site's value came through: whether it is in a loop decides between a block and one each.
        foreach (var group in callers.GroupBy(kv => kv.Key.Site))
        {
            var top = group.MaxBy(kv => kv.Value).Key;
            sites[group.Key].Site.Caller = new CallerLine(top.Function, top.File, top.Line);
        }

        foreach (var (site, _, _) in sites.Values)
        {
            // The statements that matter: at most six, each at least 1% of the row (the rest is in the row's total).
            var kept = site.Allocators.OrderByDescending(a => a.Value).Take(MaxAllocators).Where(a => a.Value * 100 >= site.Value).ToList();
            site.Allocators.Clear();
            site.Allocators.AddRange(kept);
        }

        perBenchmark.Assign(sites.ToDictionary(kv => kv.Key, kv => kv.Value.Site));
        var classifier = new SiteClassifier(options);
        classifier.Prepare(sites.Values.Select(e => e.Site));
        foreach (var (key, (site, runtimeFrame, calleeInlined)) in sites)
        {
            classifier.Classify(site, key.RuntimeKind, runtimeFrame, calleeInlined);
        }

        var list = sites.Values.Select(e => e.Site).ToList();
        SiteIdentity.Assign(list);
        return [.. list
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.File, StringComparer.Ordinal)
            .ThenBy(s => s.Line)
            .ThenBy(s => s.Kind.Id(), StringComparer.Ordinal)];
    }

    /// <summary>The frame that called the site's frame (its caller's line), or null at the root.</summary>
    private static StackFrame? CallerOf(AllocationSample sample, StackFrame frame)
    {
        var frames = sample.Frames;
        for (var i = 0; i < frames.Count - 1; i++)
        {
            if (ReferenceEquals(frames[i], frame))
            {
                return frames[i + 1];
            }
        }

        return null;
    }

    /// <summary>
    /// A `_test.go` line is the tests' own; other code a benchmark ran with its timer stopped is its set-up; a stack
    /// without the code's frames under testing.* is the harness's.
    /// </summary>
    private static SiteScope ScopeOf(AllocationSample sample, StackFrame frame, ModuleMatcher module, BenchmarkTimers timers, bool testProcess)
    {
        if (frame.File.EndsWith("_test.go", StringComparison.Ordinal))
        {
            return SiteScope.Test;
        }

        if (timers.IsUntimed(sample))
        {
            return SiteScope.SetUp;
        }

        // In a test binary, a stack with no frame of the code at all (GC workers, the runtime's own start-up) is the
        // process's overhead, not the code under study.
        if (!module.IsUser(frame.Function, frame.File)
            && (sample.Frames.Any(IsTesting) || (testProcess && !sample.Frames.Any(f => module.IsUser(f.Function, f.File)))))
        {
            return SiteScope.Harness;
        }

        return SiteScope.Code;
    }

    private static bool IsTesting(StackFrame f) => f.Function.StartsWith("testing.", StringComparison.Ordinal) || f.File.EndsWith("_testmain.go", StringComparison.Ordinal);

    private static void Add(AllocationSite site, AllocationSample sample)
    {
        site.Objects += sample.AllocObjects;
        site.Bytes += sample.AllocBytes;
        site.InuseObjects += sample.InuseObjects;
        site.InuseBytes += sample.InuseBytes;
        site.Value += sample.Value;
    }

    /// <summary>The statement inside a dependency that allocated (the leaf-most frame that is not the runtime's).</summary>
    private readonly record struct Leaf(StackFrame Frame, string? RuntimeFrame);

    private static (SiteKey Key, StackFrame Frame, string? RuntimeFrame, bool CalleeInlined, Leaf? Leaf) Attribute(AllocationSample sample, ModuleMatcher module)
    {
        var frames = sample.Frames;
        var userIndex = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (module.IsUser(frames[i].Function, frames[i].File))
            {
                userIndex = i;
                break;
            }
        }

        // The leaf-most frame that is not the runtime's, and the runtime frame below it that says what it did.
        var leafIndex = 0;
        while (leafIndex < frames.Count - 1 && RuntimeFrames.IsRuntime(frames[leafIndex].Function))
        {
            leafIndex++;
        }

        string? runtimeBelowLeaf = null;
        for (var i = leafIndex - 1; i >= 0 && runtimeBelowLeaf is null; i--)
        {
            runtimeBelowLeaf = RuntimeFrames.KindOf(frames[i].Function) is null ? null : frames[i].Function;
        }

        if (userIndex < 0)
        {
            // No user frame: the standard library or runtime allocated on its own (e.g. the testing harness); the site
            // is the leaf-most non-runtime frame, and that frame is its own callee.
            var leaf = frames.Count > 0 ? frames[leafIndex] : new StackFrame("<unknown>", "<unknown>", 0, 0, null);
            return (new SiteKey(leaf.Function, leaf.File, leaf.Line, leaf.Function, null), leaf, null, false, null);
        }

        var user = frames[userIndex];
        if (userIndex == 0)
        {
            return (new SiteKey(user.Function, user.File, user.Line, null, null), user, null, false, null);
        }

        // Frames below the user's: all runtime → the runtime frame nearest the user's says the kind;
        // any dependency → the allocation is the dependency's, named by the frame the user called.
        var callee = frames[userIndex - 1];
        var allRuntime = true;
        for (var i = 0; i < userIndex; i++)
        {
            allRuntime &= RuntimeFrames.IsRuntime(frames[i].Function);
        }

        if (!allRuntime)
        {
            var calleeInlined = callee.InlinedInto is not null;
            return (new SiteKey(user.Function, user.File, user.Line, callee.Function, null), user, null, calleeInlined, new Leaf(frames[leafIndex], runtimeBelowLeaf));
        }

        for (var i = userIndex - 1; i >= 0; i--)
        {
            if (RuntimeFrames.KindOf(frames[i].Function) is { } kind)
            {
                return (new SiteKey(user.Function, user.File, user.Line, null, kind), user, frames[i].Function, false, null);
            }
        }

        return (new SiteKey(user.Function, user.File, user.Line, null, null), user, callee.Function, false, null);
    }
}
