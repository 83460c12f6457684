using System.Text.RegularExpressions;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Architecture;

/// <summary>
/// Which folders of AllocScope.Core use which, read from the source: every file is in namespace
/// `AllocScope.&lt;Folder&gt;`, so it can reach another folder only through `using AllocScope.X;`, a qualified
/// `AllocScope.X.T` or a relative `X.T` (comments and literals removed first; global usings are not allowed in Core).
/// </summary>
public static partial class NamespaceGraph
{
    public static string CoreRoot => Path.Combine(Repo.Root, "src", "AllocScope.Core");

    /// <summary>Folder → the folders it uses (itself excluded), with one file that shows each edge.</summary>
    public static SortedDictionary<string, SortedDictionary<string, string>> Read()
    {
        var folders = Directory.GetDirectories(CoreRoot).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Cast<string>().ToHashSet(StringComparer.Ordinal);
        var graph = new SortedDictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            var edges = new SortedDictionary<string, string>(StringComparer.Ordinal);
            graph[folder] = edges;
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CoreRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = StripCommentsAndLiterals(File.ReadAllText(file));
                Assert.DoesNotMatch(@"\bglobal\s+using\b", code);
                foreach (Match m in Reference().Matches(code))
                {
                    var target = m.Groups["folder"].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        edges.TryAdd(target, Path.GetRelativePath(CoreRoot, file));
                    }
                }
            }
        }

        return graph;
    }

    /// <summary>A cycle of folders as "A -> B -> A", or null when the graph has none.</summary>
    public static string? FindCycle(SortedDictionary<string, SortedDictionary<string, string>> graph)
    {
        var state = graph.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        var path = new List<string>();
        string? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node].Keys)
            {
                if (state[next] == 1)
                {
                    return string.Join(" -> ", path.SkipWhile(p => p != next).Append(next));
                }

                if (state[next] == 0 && Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys)
        {
            if (state[node] == 0 && Visit(node) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>C# source with comments, string and char literals blanked (verbatim, raw and interpolated strings treated as plain).</summary>
    public static string StripCommentsAndLiterals(string source)
    {
        source = BlockComment().Replace(source, " ");
        source = LineComment().Replace(source, " ");
        return Literal().Replace(source, "\"\"");
    }

    [GeneratedRegex(@"(?<![\w.])(?:using\s+(?:static\s+)?)?(?:AllocScope\.)?(?<folder>[A-Z]\w*)\s*(?:\.|;)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?\$?""(?:[^""\\\n]|\\.|"""")*""|'(?:[^'\\\n]|\\.)'")]
    private static partial Regex Literal();
}
