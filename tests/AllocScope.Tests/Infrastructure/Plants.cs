using System.Text.RegularExpressions;

namespace AllocScope.Tests.Infrastructure;

/// <summary>The planted allocation lines of examples/hotspots, found by their `// PLANT:kind` markers (never hard-coded).</summary>
public static partial class Plants
{
    public sealed record Plant(string File, int Line, string Kind, string Text);

    /// <summary>Every marker in a file of the example module, e.g. "plain.go".</summary>
    public static IReadOnlyList<Plant> In(string file)
    {
        var path = Repo.Example(file);
        var lines = File.ReadAllLines(path);
        var plants = new List<Plant>();
        for (var i = 0; i < lines.Length; i++)
        {
            var m = MarkerRe().Match(lines[i]);
            if (m.Success)
            {
                plants.Add(new Plant(file, i + 1, m.Groups[1].Value, lines[i].Trim()));
            }
        }

        return plants;
    }

    public static Plant Find(string file, string kind) => In(file).Single(p => p.Kind == kind);

    [GeneratedRegex(@"// PLANT:([a-z-]+)\s*$")]
    private static partial Regex MarkerRe();
}
