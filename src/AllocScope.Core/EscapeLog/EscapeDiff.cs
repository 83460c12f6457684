using AllocScope.Taxonomy;

namespace AllocScope.EscapeLog;

/// <summary>How a heap decision changed between two logs.</summary>
public enum EscapeChange
{
    /// <summary>Reaches the heap in the new log and did not in the old.</summary>
    NewlyOnHeap,

    /// <summary>Reached the heap in the old log and no longer does (on the stack now, or gone).</summary>
    NoLongerOnHeap,

    /// <summary>On the heap in both, for a different reason.</summary>
    ReasonChanged,
}

/// <summary>One difference; <see cref="Old"/> or <see cref="New"/> is null when that side has no such heap decision.</summary>
public sealed record EscapeDifference(EscapeChange Change, EscapeDecision? Old, EscapeDecision? New)
{
    /// <summary>The decision to show (the new one when there is one).</summary>
    public EscapeDecision Decision => New ?? Old!;
}

/// <summary>
/// Compares the heap decisions of two logs (two commits, two Go versions). Decisions are matched by package,
/// function, expression and kind, not by position, so code that moved is not a change; several equal keys in one
/// function are paired in source order.
/// </summary>
public static class EscapeDiff
{
    public static IReadOnlyList<EscapeDifference> Compare(CompilerLog oldLog, CompilerLog newLog)
    {
        var oldByKey = Group(oldLog);
        var newByKey = Group(newLog);
        var differences = new List<EscapeDifference>();
        foreach (var (key, newList) in newByKey)
        {
            oldByKey.TryGetValue(key, out var oldList);
            oldList ??= [];
            var paired = Math.Min(oldList.Count, newList.Count);
            for (var i = 0; i < paired; i++)
            {
                if (oldList[i].Reason != newList[i].Reason)
                {
                    differences.Add(new EscapeDifference(EscapeChange.ReasonChanged, oldList[i], newList[i]));
                }
            }

            for (var i = paired; i < newList.Count; i++)
            {
                differences.Add(new EscapeDifference(EscapeChange.NewlyOnHeap, null, newList[i]));
            }

            for (var i = paired; i < oldList.Count; i++)
            {
                differences.Add(new EscapeDifference(EscapeChange.NoLongerOnHeap, oldList[i], null));
            }
        }

        foreach (var (key, oldList) in oldByKey)
        {
            if (!newByKey.ContainsKey(key))
            {
                differences.AddRange(oldList.Select(d => new EscapeDifference(EscapeChange.NoLongerOnHeap, d, null)));
            }
        }

        return [.. differences
            .OrderBy(d => d.Change)
            .ThenBy(d => d.Decision.Package, StringComparer.Ordinal)
            .ThenBy(d => d.Decision.File, StringComparer.Ordinal)
            .ThenBy(d => d.Decision.Line)
            .ThenBy(d => d.Decision.Column)];
    }

    private static Dictionary<(string Package, string Function, string Expression, AllocationKind Kind), List<EscapeDecision>> Group(CompilerLog log)
    {
        var groups = new Dictionary<(string, string, string, AllocationKind), List<EscapeDecision>>();
        foreach (var d in log.Decisions)
        {
            if (!d.Escapes)
            {
                continue;
            }

            var key = (d.Package, d.Function, d.Expression, d.Kind);
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups[key] = list;
            }

            list.Add(d);
        }

        foreach (var list in groups.Values)
        {
            list.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        }

        return groups;
    }
}
