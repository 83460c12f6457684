using AllocScope.EscapeLog;
using AllocScope.GoSource;

namespace AllocScope.Sites;

/// <summary>
/// What the compiler decided at each source line, as the `-m=2` log printed it: escape summaries (escapes to heap,
/// moved to heap, does not escape, leaking param) and inlining messages (inlining call to …, can/cannot inline), in
/// column order, each message once. Profile files (`example.com/m/x.go`) match log files (`./x.go`) as the sites join does.
/// </summary>
public sealed class CompilerNotesByLine(CompilerLog log)
{
    private Dictionary<(string BaseName, int Line), List<InliningDecision>>? _inlining;

    public IReadOnlyList<string> At(string file, long line)
    {
        if (line <= 0 || line > int.MaxValue)
        {
            return [];
        }

        var entries = new List<(int Column, string Message)>();
        foreach (var d in log.DecisionsAt(file, (int)line))
        {
            var message = d.Summary.Length > 0 ? d.Summary : d.Explanations.Count > 0 ? d.Explanations[0].Header : "";
            if (message.Length > 0)
            {
                entries.Add((d.Column, message));
            }
        }

        _inlining ??= log.InliningDecisions.GroupBy(d => (SourcePaths.BaseName(d.File), d.Line)).ToDictionary(g => g.Key, g => g.ToList());
        if (_inlining.TryGetValue((SourcePaths.BaseName(file), (int)line), out var candidates))
        {
            var best = candidates.Max(d => SourcePosition.MatchScore(d.File, d.FullPath, file));
            if (best > 0)
            {
                entries.AddRange(candidates.Where(d => SourcePosition.MatchScore(d.File, d.FullPath, file) == best).Select(d => (d.Column, d.Message)));
            }
        }

        return [.. entries.OrderBy(e => e.Column).Select(e => e.Message).Distinct(StringComparer.Ordinal)];
    }
}
