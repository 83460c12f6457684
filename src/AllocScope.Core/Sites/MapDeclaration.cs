using System.Text.RegularExpressions;
using AllocScope.GoSource;

namespace AllocScope.Sites;

/// <summary>Where a map written to on some line was made, and whether that `make` has a size hint.</summary>
public sealed record MapDeclaration(string File, long Line, string Text, bool HasSizeHint)
{
    /// <summary>
    /// Finds the map behind `target[k] = v` on <paramref name="line"/>: for a local name the nearest assignment or
    /// declaration above the line; for a field (`ix.Slots`) its `make`/literal anywhere in the package's files.
    /// Returns null when the target is not visibly a map.
    /// </summary>
    public static MapDeclaration? Find(GoSourceFile file, long line, string target, IEnumerable<GoSourceFile> packageFiles)
    {
        var dot = target.LastIndexOf('.');
        if (dot < 0)
        {
            var name = Regex.Escape(target);
            var local = new Regex($@"(\b{name}\s*(:=|=)\s*(make\s*\(\s*map\[|map\[))|(\bvar\s+{name}\s+(=\s*make\s*\(\s*)?map\[)|(\b{name}\s+map\[)");
            for (var n = line - 1; n >= 1; n--)
            {
                var code = GoStatement.StripCommentsAndStrings(file.Line(n));
                if (local.IsMatch(code))
                {
                    return new MapDeclaration(file.Path, n, file.Line(n).Trim(), HasHint(code));
                }

                if (code.StartsWith("func ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            return null;
        }

        var field = Regex.Escape(target[(dot + 1)..]);
        var make = new Regex($@"(\.{field}\s*=\s*(make\s*\(\s*map\[|map\[))|(\b{field}\s*:\s*(make\s*\(\s*map\[|map\[))");
        var declared = new Regex($@"^\s*{field}\s+map\[");
        MapDeclaration? declaration = null;
        foreach (var source in packageFiles.Prepend(file).Distinct())
        {
            for (var n = 1; n <= source.Lines.Count; n++)
            {
                var code = GoStatement.StripCommentsAndStrings(source.Line(n));
                if (make.IsMatch(code))
                {
                    return new MapDeclaration(source.Path, n, source.Line(n).Trim(), HasHint(code));
                }

                if (declaration is null && declared.IsMatch(code))
                {
                    declaration = new MapDeclaration(source.Path, n, source.Line(n).Trim(), false);
                }
            }
        }

        return declaration;
    }

    /// <summary>True when the `make(map[K]V, n)` on the line has a second argument.</summary>
    internal static bool HasHint(string code)
    {
        var start = code.IndexOf("make", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var open = code.IndexOf('(', start);
        if (open < 0)
        {
            return false;
        }

        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            switch (code[i])
            {
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']' or '}':
                    depth--;
                    if (depth == 0)
                    {
                        return false;
                    }

                    break;
                case ',' when depth == 1:
                    return true;
            }
        }

        return false;
    }
}
