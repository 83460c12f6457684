using System.Text.RegularExpressions;

namespace AllocScope.Pprof;

/// <summary>
/// pprof's sample filters by frame name: <see cref="Focus"/> keeps samples with a frame matching it, <see cref="Ignore"/>
/// drops samples with a frame matching it, <see cref="Hide"/> removes matching frames from the stacks (a sample left with
/// no frame is dropped). A frame matches on its function name, its file name or its location's mapping (binary) file.
/// </summary>
public sealed record FrameFilter(Regex? Focus = null, Regex? Ignore = null, Regex? Hide = null)
{
    public static FrameFilter None { get; } = new();

    /// <summary>True when focus or ignore select samples (hide only edits stacks).</summary>
    public bool SelectsSamples => Focus is not null || Ignore is not null;
}
