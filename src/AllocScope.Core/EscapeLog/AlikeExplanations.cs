using System.Runtime.InteropServices;

namespace AllocScope.EscapeLog;

/// <summary>
/// One explanation object per distinct content, for a read that only counts: without flow steps or message text most
/// explanations say the same (a parameter leaking to `{heap}` with derefs=0, a value reaching `{heap}` through an
/// interface conversion), and each object made is fresh memory for a read whose time goes mostly to fresh memory. The
/// objects are immutable records, so sharing one is the same as holding equal copies.
/// </summary>
internal sealed class AlikeExplanations
{
    private readonly Dictionary<Key, EscapeExplanation> _shared = [];

    /// <summary>The explanation with this content and no steps or captures, made on its first use.</summary>
    public EscapeExplanation Get(string text, string? location, string? function, int? derefs, ExplanationFacts facts)
    {
        var key = new Key(text, location, function, derefs, facts.Tags, facts.Root, facts.ReturnedAfterRoot, facts.CallParameterAfterRoot);
        ref var shared = ref CollectionsMarshal.GetValueRefOrAddDefault(_shared, key, out var exists);
        if (!exists)
        {
            shared = new EscapeExplanation(text, [], location) { Function = function, Derefs = derefs, Facts = facts };
        }

        return shared!;
    }

    private readonly record struct Key(string Text, string? Location, string? Function, int? Derefs, FlowTags Tags, string? Root,
        bool Returned, bool CallParameter);
}
