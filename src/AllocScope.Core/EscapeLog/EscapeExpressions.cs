namespace AllocScope.EscapeLog;

/// <summary>What the text of an expression as the compiler prints it says (`make([]T, n)`, `new(T)`, `&amp;T{…}`).</summary>
public static class EscapeExpressions
{
    /// <summary>The type an escaping expression allocates, when its text says it (`make([]T, n)`, `new(T)`, `&amp;T{…}`).</summary>
    public static string? AllocatedType(string e)
    {
        if (e.StartsWith("make(", StringComparison.Ordinal))
        {
            var inner = e["make(".Length..];
            var comma = TopLevelComma(inner);
            return (comma < 0 ? inner.TrimEnd(')') : inner[..comma]).Trim();
        }

        if (e.StartsWith("new(", StringComparison.Ordinal) && e.EndsWith(')'))
        {
            return "*" + e["new(".Length..^1];
        }

        if (e.StartsWith('&') && e.IndexOf('{', StringComparison.Ordinal) is > 1 and var brace)
        {
            return "*" + e[1..brace];
        }

        return null;
    }

    internal static int TopLevelComma(string s)
    {
        var depth = 0;
        for (var i = 0; i < s.Length; i++)
        {
            depth += BracketDelta(s[i]);
            if (s[i] == ',' && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>+1 for an opening bracket, -1 for a closing one, else 0: the nesting depth of Go expression text.</summary>
    internal static int BracketDelta(char c) => c switch
    {
        '(' or '[' or '{' => 1,
        ')' or ']' or '}' => -1,
        _ => 0,
    };
}
