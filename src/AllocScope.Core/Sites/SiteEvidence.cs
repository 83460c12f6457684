using AllocScope.EscapeLog;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// One fact a site's classification rests on, typed so that a report can link it (a source line, a compiler
/// decision at a position, a profile frame, the rule that fired, the map's make). <see cref="Text"/> is the
/// one-line form every text output prints.
/// </summary>
public abstract record SiteEvidence
{
    /// <summary>Stable id of the evidence type (JSON `type`): source-line, escape-decision, profile-frame, rule, map-declaration.</summary>
    public abstract string Type { get; }

    public abstract string Text { get; }

    public sealed override string ToString() => Text;
}

/// <summary>The site's source line, or that it was not found (<see cref="Statement"/> null).</summary>
public sealed record SourceLineEvidence(string File, long Line, string? Statement) : SiteEvidence
{
    public override string Type => "source-line";

    public override string Text => Statement is null
        ? $"source of {File} not found below the source root"
        : $"source {System.IO.Path.GetFileName(File)}:{Line}: {Statement}";
}

/// <summary>A decision of the compiler's escape analysis at the site's line (or at its map's make).</summary>
public sealed record EscapeDecisionEvidence(EscapeDecision Decision) : SiteEvidence
{
    public override string Type => "escape-decision";

    public override string Text => $"escape {Decision}";
}

/// <summary>How a frame of the allocation stack relates to the site.</summary>
public enum FrameRole
{
    /// <summary>A runtime frame below the user's line that says the kind (growslice, mapassign, ...).</summary>
    RuntimeBelow,

    /// <summary>Allocated by the runtime with no frame of the user's code on the stack.</summary>
    RuntimeOnly,

    /// <summary>A dependency allocated on its own, with no frame of the user's code on the stack.</summary>
    DependencyOnly,

    /// <summary>A dependency the user's line called allocated the bytes.</summary>
    Callee,
}

/// <summary>A frame of the profile's stacks and what it says about the site.</summary>
public sealed record ProfileFrameEvidence(string Function, FrameRole Role) : SiteEvidence
{
    public override string Type => "profile-frame";

    public override string Text => Role switch
    {
        FrameRole.RuntimeBelow => $"profile frame {Function} below this line",
        FrameRole.RuntimeOnly => $"allocated by {Function} with no frame in the user's code",
        FrameRole.DependencyOnly => $"no frame in the user's code: {Function} allocated on its own",
        _ => $"allocated inside {Function}, called from this line (the callee's escape decisions apply)",
    };

    public string RoleId => StableIds.Of(Role);
}

/// <summary>Which rule of the join decided the kind when no profile frame or compiler decision did.</summary>
public enum SiteRule
{
    /// <summary>A write to a map whose make was found: inserts grow its buckets.</summary>
    MapWrite,

    /// <summary>An append on the line: growslice reallocates.</summary>
    AppendGrowth,

    /// <summary>The kind read from the statement's tokens.</summary>
    StatementTokens,

    /// <summary>A map made without escaping still gets its buckets from the runtime.</summary>
    MapBucketsWithoutEscape,
}

/// <summary>A rule of the join that fired for the site.</summary>
public sealed record RuleEvidence(SiteRule Rule, AllocationKind Kind) : SiteEvidence
{
    private static readonly Dictionary<SiteRule, string> s_texts = new()
    {
        [SiteRule.MapWrite] = "a write to a map: inserts grow its bucket array on the heap whether or not the map escapes",
        [SiteRule.AppendGrowth] = "append on this line: growslice reallocates the backing array on the heap when capacity runs out",
        [SiteRule.MapBucketsWithoutEscape] = "the map does not escape, yet its buckets are allocated by the runtime on the heap",
    };

    public override string Type => "rule";

    public string RuleId => StableIds.Of(Rule);

    public override string Text => Rule == SiteRule.StatementTokens ? $"classified from the statement's tokens ({Kind.Id()})" : s_texts[Rule];
}

/// <summary>Where the map a site writes to was made, and whether that make has a size hint.</summary>
public sealed record MapDeclarationEvidence(MapDeclaration Map) : SiteEvidence
{
    public override string Type => "map-declaration";

    public override string Text =>
        $"map made at {System.IO.Path.GetFileName(Map.File)}:{Map.Line}: {Map.Text}" + (Map.HasSizeHint ? string.Empty : " (no size hint)");
}
