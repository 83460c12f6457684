using AllocScope.EscapeLog;
using AllocScope.Go;
using AllocScope.GoSource;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// The join, second half: what kind of allocation a site is and why it is on the heap. The evidence, in order of
/// authority: a runtime frame below the line (growslice, mapassign, …), the compiler's decisions at the line, the facts
/// about the code (Go's type checker, or the tokens), then the statement's shape. Growth is never an escape: append
/// and map buckets grow in the runtime whatever escape analysis decided (reason runtime-growth unless the log has a
/// decision at that position). Then <see cref="FixAdvisor"/> picks the change that fits the code around it.
/// </summary>
public sealed class SiteClassifier(SiteOptions options)
{
    private readonly GoSourceTree _source = options.Source;
    private readonly TokenFacts _tokens = new(options.Source);

    /// <summary>Asks the facts provider once for every line the sites and their allocators need.</summary>
    public void Prepare(IEnumerable<AllocationSite> sites)
    {
        if (options.Facts is null)
        {
            return;
        }

        var points = new HashSet<CodePoint>();
        foreach (var site in sites)
        {
            AddPoint(points, site.File, site.Line);
            if (site.Caller is { } caller)
            {
                AddPoint(points, caller.File, caller.Line);
            }

            foreach (var a in site.Allocators)
            {
                AddPoint(points, a.File, a.Line);
            }
        }

        options.Facts.Prepare(points);
    }

    private void AddPoint(HashSet<CodePoint> points, string file, long line)
    {
        if (Resolve(file) is { } path)
        {
            points.Add(new CodePoint(path, line));
        }
    }

    // Profiles name files as the build saw them (absolute, or module-relative under -trimpath); GOROOT files as absolute paths.
    // A relative standard-library path (`bytes/buffer.go` under -trimpath) is looked up under GOROOT first, so a module
    // file with the same name is not taken for it.
    private string? Resolve(string file) => options.ResolveSource(file);

    // The helper's facts where it has them, else the tokens' (a file it could not load, a line outside any function).
    private StatementFacts? FactsAt(string file, long line) =>
        Resolve(file) is { } path ? options.Facts?.At(new CodePoint(path, line)) ?? _tokens.At(new CodePoint(path, line)) : null;

    /// <summary>`go f(x)` and `defer f(x)` with arguments: the compiler wraps the call in a func() closure holding them.</summary>
    private static string? GoStatementWrapper(string? statement) =>
        statement?.TrimStart() is { } s && (s.StartsWith("go ", StringComparison.Ordinal) || s.StartsWith("defer ", StringComparison.Ordinal))
            ? $"func() (the closure {s[..s.IndexOf(' ', StringComparison.Ordinal)]} wraps its call in)" : null;

    public void Classify(AllocationSite site, AllocationKind? runtimeKind, string? runtimeFrame, bool calleeInlined)
    {
        var source = _source.Find(site.File);
        var facts = FactsAt(site.File, site.Line);
        site.Statement = source is null ? facts?.Statement.Length > 0 ? facts.Statement : null : GoStatement.Parse(source.Line(site.Line)).Text;
        site.Evidence.Add(new SourceLineEvidence(source?.Path ?? site.File, site.Line, site.Statement));
        var decisions = options.Escape?.DecisionsAt(site.File, (int)site.Line) ?? [];
        foreach (var decision in decisions)
        {
            site.Evidence.Add(new EscapeDecisionEvidence(decision));
        }

        var heap = decisions.Where(d => d.Escapes && !IsPointerConversion(d, facts)).ToList();
        ClassifyAllocators(site);
        MapDeclaration? map = null;
        ExprFact? expr = null;
        if (site.Callee is not null && runtimeKind is null)
        {
            expr = ClassifyCallee(site, heap, calleeInlined, facts);
        }
        else if (runtimeKind is { } kind)
        {
            expr = ClassifyRuntimeFrame(site, kind, runtimeFrame!, heap, facts);
        }
        else
        {
            expr = ClassifyFromCode(site, heap, facts, source);
        }

        if (site.Kind == AllocationKind.MapGrowth && source is not null)
        {
            var target = expr?.Target is { Length: > 0 } t ? t : GoStatement.Parse(source.Line(site.Line)).IndexWriteTarget;
            map = target is null ? null : MapDeclaration.Find(source, site.Line, target, PackageFiles(source));
            if (map is not null)
            {
                site.Evidence.Add(new MapDeclarationEvidence(map));
                foreach (var decision in options.Escape?.DecisionsAt(map.File, (int)map.Line) ?? [])
                {
                    site.Evidence.Add(new EscapeDecisionEvidence(decision));
                }
            }
        }

        // A library row allocates what its callee's statements do, not the call's result type.
        site.AllocatedType ??= site.Kind is AllocationKind.Library or AllocationKind.Runtime ? site.Allocators.FirstOrDefault()?.AllocatedType
            : site.Escape is { Verdict: EscapeVerdict.MovedToHeap } moved
                && facts?.Exprs.FirstOrDefault(x => x.Kind == ExprKind.Var && x.Text == moved.Expression) is { Type.Length: > 0 } variable ? variable.Type
            : expr?.Type is { Length: > 0 } type ? type
            : site.Kind == AllocationKind.Closure && GoStatementWrapper(site.Statement ?? facts?.Statement) is { } wrapper ? wrapper
            : site.Escape?.Expression is { } e ? EscapeExpressions.AllocatedType(e) : null;
        var callerFacts = site.Caller is { } c ? FactsAt(c.File, c.Line) : null;
        site.Fix = FixAdvisor.For(new FixContext(site, facts, expr, map) { CallerFacts = callerFacts });
    }

    // A pointer (or map, chan, func) converted to an interface is stored as it is: that conversion allocates nothing.
    private static bool IsPointerConversion(EscapeDecision d, StatementFacts? facts) =>
        d.Kind == AllocationKind.InterfaceBox
        && (d.Expression.StartsWith('&') || facts?.Exprs.Any(e => e.Kind == ExprKind.Conversion && e.PointerShaped && e.Column == d.Column) == true);

    /// <summary>Bytes a dependency allocated for this line: its own row unless the compiler placed the allocation here (inlined).</summary>
    private ExprFact? ClassifyCallee(AllocationSite site, List<EscapeDecision> heap, bool calleeInlined, StatementFacts? facts)
    {
        if (RuntimeFrames.IsRuntime(site.Callee!))
        {
            site.Kind = AllocationKind.Runtime;
            site.Reason = EscapeReason.None;
            site.Evidence.Add(new ProfileFrameEvidence(site.Callee!, FrameRole.RuntimeOnly));
            return null;
        }

        if (site.Callee == site.Function)
        {
            site.Kind = AllocationKind.Library;
            site.Reason = EscapeReason.None;
            site.Evidence.Add(new ProfileFrameEvidence(site.Callee!, FrameRole.DependencyOnly));
            return null;
        }

        // An inlined constructor (`&list.Element{…}` of container/list) is decided, and reported, at the call site.
        // Of several decisions there (`new(bufio.Reader)` and its `make([]byte, size)`), the one of the kind that allocated most.
        var candidates = heap.Where(d => d.Kind != AllocationKind.Unknown && d.Kind != AllocationKind.InterfaceBox).ToList();
        var topKind = site.Allocators.FirstOrDefault()?.Kind;
        if (calleeInlined && (Pick(candidates.Where(d => d.Kind == topKind).ToList()) ?? Pick(candidates)) is { } decision)
        {
            site.Kind = decision.Kind;
            Apply(site, decision);
            site.Evidence.Add(new ProfileFrameEvidence(site.Callee!, FrameRole.Callee));

            // Where the inlined callee's result goes is where its allocation goes (`r.topScope = ast.NewScope(…)`).
            return facts?.Exprs.FirstOrDefault(e => e.Kind == ExprKind.Call && e.Callee == site.Callee) ?? facts?.First(ExprKind.Call);
        }

        site.Kind = AllocationKind.Library;
        site.Reason = EscapeReason.None;
        site.Evidence.Add(new ProfileFrameEvidence(site.Callee!, FrameRole.Callee));
        return facts?.Exprs.FirstOrDefault(e => e.Kind == ExprKind.Call && e.Callee == site.Callee) ?? facts?.First(ExprKind.Call);
    }

    private ExprFact? ClassifyRuntimeFrame(AllocationSite site, AllocationKind kind, string runtimeFrame, List<EscapeDecision> heap, StatementFacts? facts)
    {
        site.Evidence.Add(new ProfileFrameEvidence(runtimeFrame, FrameRole.RuntimeBelow));
        var decision = Pick(heap.Where(d => d.Kind == kind).ToList())
            ?? (kind is AllocationKind.SliceGrowth or AllocationKind.MapGrowth ? null : Pick(heap));

        // makeslice, newobject and makemap only say "something was made"; the decision says what (too large, a closure…).
        var generic = kind is AllocationKind.SliceMake or AllocationKind.NewObject or AllocationKind.MapNew;
        site.Kind = generic && decision is { Kind: not AllocationKind.Unknown } ? decision.Kind : kind;
        Apply(site, decision);
        if (decision is null)
        {
            site.Reason = kind is AllocationKind.SliceGrowth or AllocationKind.MapGrowth or AllocationKind.MapNew ? EscapeReason.RuntimeGrowth : EscapeReason.None;
        }

        return ExprFor(site.Kind, facts, decision);
    }

    private ExprFact? ClassifyFromCode(AllocationSite site, List<EscapeDecision> heap, StatementFacts? facts, GoSourceFile? source)
    {
        var exprs = facts?.Exprs ?? [];
        var allocating = heap.Where(d => d.Kind != AllocationKind.Unknown).ToList();
        var mapWrite = exprs.FirstOrDefault(e => e.Kind == ExprKind.MapAssign);
        if (mapWrite is not null && (facts!.Typed || (source is not null && MapDeclaration.Find(source, site.Line, mapWrite.Target, PackageFiles(source)) is not null)))
        {
            site.Kind = AllocationKind.MapGrowth;
            site.Reason = EscapeReason.RuntimeGrowth;
            site.Evidence.Add(new RuleEvidence(SiteRule.MapWrite, site.Kind));
            return mapWrite;
        }

        var append = exprs.FirstOrDefault(e => e.Kind == ExprKind.Append);
        if (append is not null && !allocating.Any(d => d.Kind is AllocationKind.NewObject or AllocationKind.InterfaceBox or AllocationKind.StringBytes
                or AllocationKind.StringConcat or AllocationKind.Closure or AllocationKind.MapNew or AllocationKind.TooLarge))
        {
            site.Kind = AllocationKind.SliceGrowth;
            var own = Pick(allocating.Where(d => d.Kind == AllocationKind.SliceGrowth).ToList());
            Apply(site, own);
            site.Reason = own?.Reason ?? EscapeReason.RuntimeGrowth;
            site.Evidence.Add(new RuleEvidence(SiteRule.AppendGrowth, site.Kind));
            return append;
        }

        if (Pick(allocating) is { } decision)
        {
            site.Kind = decision.Kind;
            Apply(site, decision);
            if (decision.Kind == AllocationKind.InterfaceBox && exprs.FirstOrDefault(e => e.Kind == ExprKind.MethodValue && e.Column == decision.Column) is { } method)
            {
                // `se.encode` in the log reads like a converted value; the type checker says it is a method value: a
                // closure, on the heap for where it goes.
                site.Kind = AllocationKind.Closure;
                site.Reason = method.Dest switch
                {
                    "return" or "returned-local" => EscapeReason.Returned,
                    "arg" => EscapeReason.CallParameter,
                    "field" or "map" or "index" or "global" or "deref" or "send" or "composite" => EscapeReason.StoredInHeap,
                    _ => EscapeReason.Unknown,
                };
                return method;
            }

            var made = ExprFor(site.Kind, facts, decision);
            if (made is { Kind: ExprKind.MakeSlice, GrowsBuffer.Length: > 0 })
            {
                // The log says non-constant size at this position; what the code does is grow a kept buffer.
                site.Kind = AllocationKind.SliceGrowth;
            }

            return made;
        }

        // No decision on the heap: what the code does still allocates where the runtime decides it (map buckets, big
        // string results), or the log lacks this line.
        var shape = MostAllocating(exprs.Where(e => KindOf(e) is not null));
        site.Kind = shape is null ? AllocationKind.Unknown : KindOf(shape)!.Value;
        site.Reason = site.Kind switch
        {
            AllocationKind.Unknown => EscapeReason.Unknown,
            AllocationKind.MapNew => EscapeReason.RuntimeGrowth,
            // No decision on a line the log covers: the compiler kept nothing of it on the heap (what allocates is the
            // runtime's). A file the log does not cover says nothing either way.
            _ => options.Escape?.Covers(site.File) == true ? EscapeReason.None : EscapeReason.Unknown,
        };
        if (site.Kind != AllocationKind.Unknown)
        {
            site.Evidence.Add(new RuleEvidence(SiteRule.StatementTokens, site.Kind));
        }

        if (site.Kind == AllocationKind.MapNew)
        {
            // Escape analysis kept the map header on the stack, but makemap still puts the bucket array on the heap.
            site.Evidence.Add(new RuleEvidence(SiteRule.MapBucketsWithoutEscape, site.Kind));
        }

        return shape;
    }

    /// <summary>
    /// Of the allocating expressions of one statement, the one that most likely holds its bytes: a map or slice made
    /// there outweighs the struct around it (`&amp;Scope{outer, make(map[string]*Object, n)}` is a map-new line).
    /// </summary>
    private static ExprFact? MostAllocating(IEnumerable<ExprFact>? exprs) => exprs?.OrderBy(e => e.Kind switch
    {
        ExprKind.MakeMap => 0,
        ExprKind.MapAssign or ExprKind.Append => 1,
        ExprKind.MakeSlice => 2,
        ExprKind.MakeChan or ExprKind.Concat => 3,
        ExprKind.Conversion => 4,
        _ => 5,
    }).FirstOrDefault();

    /// <summary>What kind of allocation an expression is by itself, or null when it allocates nothing by itself.</summary>
    private static AllocationKind? KindOf(ExprFact e) => e.Kind switch
    {
        // make([]byte, len(b), 2*cap(b)+n): a reused buffer growing by hand, like append does.
        ExprKind.MakeSlice when e.GrowsBuffer.Length > 0 => AllocationKind.SliceGrowth,
        ExprKind.MakeMap => AllocationKind.MapNew,
        ExprKind.MakeSlice => e.ConstSize ? AllocationKind.SliceMake : AllocationKind.NonconstSize,
        ExprKind.FuncLit or ExprKind.MethodValue => AllocationKind.Closure,
        ExprKind.New or ExprKind.CompositeAddr or ExprKind.MakeChan => AllocationKind.NewObject,
        ExprKind.Conversion when e.ToInterface => e.PointerShaped ? null : AllocationKind.InterfaceBox,
        ExprKind.Conversion => AllocationKind.StringBytes,
        ExprKind.Concat => AllocationKind.StringConcat,
        ExprKind.Composite when e.Type.StartsWith("[]", StringComparison.Ordinal) || e.Type.StartsWith("map[", StringComparison.Ordinal) => AllocationKind.SliceMake,
        _ => null,
    };

    /// <summary>The fact of the expression a decision is about (same column), or the first expression of that kind.</summary>
    private static ExprFact? ExprFor(AllocationKind kind, StatementFacts? facts, EscapeDecision? decision)
    {
        if (facts is null)
        {
            return null;
        }

        if (decision is not null)
        {
            // At one column there can be the value and its implicit conversion (`x = &T{…}` with x an interface).
            var atColumn = facts.Exprs.Where(e => e.Column == decision.Column && e.Kind != ExprKind.Call).ToList();
            if ((atColumn.FirstOrDefault(e => KindOf(e) == kind) ?? atColumn.FirstOrDefault(e => KindOf(e) is not null)) is { } exact)
            {
                return exact;
            }
        }

        return facts.Exprs.FirstOrDefault(e => KindOf(e) == kind) ?? facts.Exprs.FirstOrDefault(e => e.Kind is not (ExprKind.Call or ExprKind.Var));
    }

    /// <summary>What the statements inside a dependency allocate: the runtime frame below them, else the facts at their line.</summary>
    private void ClassifyAllocators(AllocationSite site)
    {
        foreach (var a in site.Allocators)
        {
            var facts = FactsAt(a.File, a.Line);
            a.Statement = facts?.Statement is { Length: > 0 } s ? s : _source.Find(a.File)?.Line(a.Line).Trim();
            var expr = MostAllocating(facts?.Exprs.Where(e => KindOf(e) is not null || e.Kind is ExprKind.Append or ExprKind.MapAssign));
            // growslice/mapassign say the kind outright; makeslice/newobject only say "made", which the code refines.
            var runtimeKind = RuntimeFrames.KindOf(a.Function) ?? (a.RuntimeFrame is { } frame ? RuntimeFrames.KindOf(frame) : null);
            a.Kind = runtimeKind is { } kind && kind is not (AllocationKind.SliceMake or AllocationKind.NewObject)
                ? kind
                : expr is null ? runtimeKind ?? AllocationKind.Unknown
                : expr.Kind == ExprKind.Append ? AllocationKind.SliceGrowth
                : expr.Kind == ExprKind.MapAssign ? AllocationKind.MapGrowth
                : KindOf(expr) ?? runtimeKind ?? AllocationKind.Unknown;
            a.AllocatedType = expr?.Type is { Length: > 0 } t ? t : null;
        }
    }

    private static void Apply(AllocationSite site, EscapeDecision? decision)
    {
        if (decision is null)
        {
            return;
        }

        site.Escape = decision;
        site.Reason = decision.Reason;
        site.Column = decision.Column;
        site.AllocatedType ??= EscapeExpressions.AllocatedType(decision.Expression);
    }

    /// <summary>Among decisions on one line, the one most likely to be the allocation: an allocating kind, then the leftmost.</summary>
    private static EscapeDecision? Pick(IReadOnlyList<EscapeDecision> decisions) =>
        decisions.OrderBy(f => f.Kind == AllocationKind.Unknown ? 1 : 0).ThenBy(f => f.Column).FirstOrDefault();

    private IEnumerable<GoSourceFile> PackageFiles(GoSourceFile file)
    {
        var dir = Path.GetDirectoryName(file.Path)!;
        foreach (var path in Directory.EnumerateFiles(dir, "*.go"))
        {
            if (_source.Find(path) is { } other)
            {
                yield return other;
            }
        }
    }
}
