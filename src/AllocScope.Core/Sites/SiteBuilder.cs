using AllocScope.EscapeLog;
using AllocScope.Go;
using AllocScope.GoSource;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>How to join: which frames are the user's, where the source is, what the escape log says.</summary>
public sealed record SiteOptions(ModuleMatcher Module, GoSourceTree Source, CompilerLog? Escape);

/// <summary>
/// The join: attributes each allocation stack to the leaf-most frame in the user's code, then classifies the
/// site from the frames below it (runtime or a dependency), the escape decisions at its position and the
/// statement's tokens, in that order of authority, and attaches a fix.
/// </summary>
public static class SiteBuilder
{
    private readonly record struct SiteKey(string Function, string File, long Line, string? Callee, AllocationKind? RuntimeKind);

    public static List<AllocationSite> Build(IEnumerable<AllocationSample> samples, SiteOptions options) => Build(samples, options, out _);

    /// <summary>Builds the sites and counts the samples without a user frame whose stack may have lost its root.</summary>
    public static List<AllocationSite> Build(IEnumerable<AllocationSample> samples, SiteOptions options, out long truncatedWithoutUserFrame)
    {
        truncatedWithoutUserFrame = 0;
        var sites = new Dictionary<SiteKey, AllocationSite>();
        var runtimeFrames = new Dictionary<SiteKey, string>();
        foreach (var sample in samples)
        {
            if (sample.AllocObjects == 0 && sample.AllocBytes == 0 && sample.InuseObjects == 0 && sample.InuseBytes == 0 && sample.Value == 0)
            {
                continue;
            }

            var (key, frame, runtimeFrame) = Attribute(sample, options.Module);
            if (sample.MaybeTruncated && key.Callee == key.Function)
            {
                truncatedWithoutUserFrame++;
            }

            if (!sites.TryGetValue(key, out var site))
            {
                site = new AllocationSite { Function = frame.Function, File = frame.File, Line = frame.Line, Callee = key.Callee };
                sites[key] = site;
                if (runtimeFrame is not null)
                {
                    runtimeFrames[key] = runtimeFrame;
                }
            }

            site.Objects += sample.AllocObjects;
            site.Bytes += sample.AllocBytes;
            site.InuseObjects += sample.InuseObjects;
            site.InuseBytes += sample.InuseBytes;
            site.Value += sample.Value;
            if (frame.InlinedInto is not null)
            {
                site.InlinedInto.Add(frame.InlinedInto);
            }
        }

        foreach (var (key, site) in sites)
        {
            Classify(site, key.RuntimeKind, runtimeFrames.GetValueOrDefault(key), options);
        }

        SiteIdentity.Assign(sites.Values);
        return sites.Values
            .OrderByDescending(s => s.Value)
            .ThenBy(s => s.File, StringComparer.Ordinal)
            .ThenBy(s => s.Line)
            .ThenBy(s => s.Kind.Id(), StringComparer.Ordinal)
            .ToList();
    }

    private static (SiteKey Key, StackFrame Frame, string? RuntimeFrame) Attribute(AllocationSample sample, ModuleMatcher module)
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

        if (userIndex < 0)
        {
            // No user frame: the allocation belongs to the leaf-most non-runtime frame (or the leaf).
            var index = 0;
            while (index < frames.Count - 1 && RuntimeFrames.IsRuntime(frames[index].Function))
            {
                index++;
            }

            // No user frame: the standard library or runtime allocated on its own (e.g. the testing harness); the site
            // is the leaf-most non-runtime frame, and that frame is its own callee.
            var leaf = frames.Count > 0 ? frames[index] : new StackFrame("<unknown>", "<unknown>", 0, 0, null);
            return (new SiteKey(leaf.Function, leaf.File, leaf.Line, leaf.Function, null), leaf, null);
        }

        var user = frames[userIndex];
        if (userIndex == 0)
        {
            return (new SiteKey(user.Function, user.File, user.Line, null, null), user, null);
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
            return (new SiteKey(user.Function, user.File, user.Line, callee.Function, null), user, null);
        }

        for (var i = userIndex - 1; i >= 0; i--)
        {
            if (RuntimeFrames.KindOf(frames[i].Function) is { } kind)
            {
                return (new SiteKey(user.Function, user.File, user.Line, null, kind), user, frames[i].Function);
            }
        }

        return (new SiteKey(user.Function, user.File, user.Line, null, null), user, callee.Function);
    }

    private static void Classify(AllocationSite site, AllocationKind? runtimeKind, string? runtimeFrame, SiteOptions options)
    {
        var source = options.Source.Find(site.File);
        var statement = source is null ? null : GoStatement.Parse(source.Line(site.Line));
        site.Statement = statement?.Text;
        if (statement is not null)
        {
            site.Evidence.Add(new SourceLineEvidence(source!.Path, site.Line, statement.Text));
        }
        else
        {
            site.Evidence.Add(new SourceLineEvidence(site.File, site.Line, null));
        }

        var facts = options.Escape?.DecisionsAt(site.File, (int)site.Line) ?? [];
        foreach (var fact in facts)
        {
            site.Evidence.Add(new EscapeDecisionEvidence(fact));
        }

        var heapFacts = facts.Where(f => f.Escapes).ToList();
        MapDeclaration? map = null;

        if (site.Callee is not null && runtimeKind is null)
        {
            if (RuntimeFrames.IsRuntime(site.Callee))
            {
                site.Kind = AllocationKind.Runtime;
                site.Evidence.Add(new ProfileFrameEvidence(site.Callee, FrameRole.RuntimeOnly));
            }
            else if (site.Callee == site.Function)
            {
                site.Kind = AllocationKind.Library;
                site.Evidence.Add(new ProfileFrameEvidence(site.Callee, FrameRole.DependencyOnly));
            }
            else
            {
                site.Kind = AllocationKind.Library;
                // The callee's own escape decisions put these bytes on the heap; the caller line's decisions are about other values.
                site.Evidence.Add(new ProfileFrameEvidence(site.Callee, FrameRole.Callee));
                site.Reason = EscapeReason.Unknown;
            }
        }
        else if (runtimeKind is { } kind)
        {
            site.Evidence.Add(new ProfileFrameEvidence(runtimeFrame!, FrameRole.RuntimeBelow));
            var fact = PickFact(heapFacts.Where(f => f.Kind == kind).ToList()) ?? PickFact(heapFacts);

            // makeslice/newobject/makemap only say "something was made"; the escape decision says what and why
            // (too large, non-constant size, a closure, a boxed value). Growth and conversion frames are definite.
            var generic = kind is AllocationKind.SliceMake or AllocationKind.NewObject or AllocationKind.MapNew;
            site.Kind = generic && fact is { Kind: not AllocationKind.Unknown } ? fact.Kind : kind;
            ApplyFact(site, fact);
            if (kind is AllocationKind.MapGrowth or AllocationKind.SliceGrowth && fact is null)
            {
                site.Reason = EscapeReason.NonConstantSize;
            }

            if (kind == AllocationKind.MapGrowth && statement?.IndexWriteTarget is { } target && source is not null)
            {
                map = MapDeclaration.Find(source, site.Line, target, PackageFiles(options.Source, source));
            }
        }
        else
        {
            ClassifyFromSource(site, statement, source, heapFacts, options, out map);
        }

        if (map is not null)
        {
            site.Evidence.Add(new MapDeclarationEvidence(map));
            foreach (var fact in options.Escape?.DecisionsAt(map.File, (int)map.Line) ?? [])
            {
                site.Evidence.Add(new EscapeDecisionEvidence(fact));
            }
        }

        site.Fix = FixAdvisor.For(site.Kind, site.Reason, site.Callee, map, site.Statement ?? string.Empty);
    }

    private static void ClassifyFromSource(AllocationSite site, GoStatement? statement, GoSourceFile? source, List<EscapeDecision> heapFacts,
        SiteOptions options, out MapDeclaration? map)
    {
        map = null;
        if (statement?.IndexWriteTarget is { } target && source is not null)
        {
            map = MapDeclaration.Find(source, site.Line, target, PackageFiles(options.Source, source));
            if (map is not null)
            {
                site.Kind = AllocationKind.MapGrowth;
                site.Reason = EscapeReason.NonConstantSize;
                site.Evidence.Add(new RuleEvidence(SiteRule.MapWrite, site.Kind));
                return;
            }
        }

        var allocating = heapFacts.Where(f => f.Kind != AllocationKind.Unknown).ToList();
        if (statement is { HasAppend: true } && !allocating.Any(f => f.Kind is AllocationKind.NewObject or AllocationKind.InterfaceBox
                or AllocationKind.StringBytes or AllocationKind.StringConcat or AllocationKind.Closure or AllocationKind.MapNew))
        {
            site.Kind = AllocationKind.SliceGrowth;
            site.Reason = EscapeReason.NonConstantSize;
            site.Evidence.Add(new RuleEvidence(SiteRule.AppendGrowth, site.Kind));
            return;
        }

        var fact = PickFact(allocating) ?? PickFact(heapFacts);
        if (fact is not null && fact.Kind != AllocationKind.Unknown)
        {
            site.Kind = fact.Kind;
            ApplyFact(site, fact);
            return;
        }

        site.Kind = statement switch
        {
            null => AllocationKind.Unknown,
            { HasMakeMap: true } => AllocationKind.MapNew,
            { HasFuncLiteral: true } => AllocationKind.Closure,
            { HasStringConversion: true } => AllocationKind.StringBytes,
            { HasFmtCall: true } => AllocationKind.InterfaceBox,
            { HasAddressOfComposite: true } => AllocationKind.NewObject,
            { HasMakeSlice: true } => AllocationKind.SliceMake,
            { HasStringConcat: true } => AllocationKind.StringConcat,
            _ => AllocationKind.Unknown,
        };
        ApplyFact(site, fact);
        if (site.Kind != AllocationKind.Unknown)
        {
            site.Evidence.Add(new RuleEvidence(SiteRule.StatementTokens, site.Kind));
        }

        if (site.Kind == AllocationKind.MapNew && fact is null)
        {
            // Escape analysis kept the map header on the stack, but makemap still puts the bucket array on the heap.
            site.Reason = EscapeReason.NonConstantSize;
            site.Evidence.Add(new RuleEvidence(SiteRule.MapBucketsWithoutEscape, site.Kind));
        }
    }

    private static void ApplyFact(AllocationSite site, EscapeDecision? fact)
    {
        if (fact is null)
        {
            return;
        }

        site.Escape = fact;
        site.Reason = fact.Reason;
        site.Column = fact.Column;
    }

    /// <summary>Among decisions on one line, the one most likely to be the allocation: an allocating kind, then the leftmost.</summary>
    private static EscapeDecision? PickFact(IReadOnlyList<EscapeDecision> facts) =>
        facts.OrderBy(f => f.Kind == AllocationKind.Unknown ? 1 : 0).ThenBy(f => f.Column).FirstOrDefault();

    private static IEnumerable<GoSourceFile> PackageFiles(GoSourceTree tree, GoSourceFile file)
    {
        var dir = Path.GetDirectoryName(file.Path)!;
        foreach (var path in Directory.EnumerateFiles(dir, "*.go"))
        {
            if (tree.Find(path) is { } other)
            {
                yield return other;
            }
        }
    }
}
