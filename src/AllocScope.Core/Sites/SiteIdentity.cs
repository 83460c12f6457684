using System.Security.Cryptography;
using System.Text;
using AllocScope.Taxonomy;

namespace AllocScope.Sites;

/// <summary>
/// Gives every site an id that survives unrelated edits: a hash of its function (package-qualified), the callee it
/// allocates through, its kind and its statement's text with comments and spacing normalised, and among sites with
/// all of those equal, its rank in source order. Lines that move change no id; editing the statement, renaming the
/// function or a new kind does. Without the source the file's base name and line stand in for the statement (then an
/// inserted line above does change the id).
/// </summary>
public static class SiteIdentity
{
    /// <summary>Sets <see cref="AllocationSite.Id"/> of every site (16 hex digits).</summary>
    public static void Assign(IEnumerable<AllocationSite> sites)
    {
        var groups = sites.GroupBy(KeyOf, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var ordinal = 0;
            foreach (var site in group.OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line))
            {
                site.Id = Hash(ordinal == 0 ? group.Key : $"{group.Key}\n#{ordinal}");
                ordinal++;
            }
        }
    }

    /// <summary>What identifies a site before ordinals: function, callee, kind and the normalised statement.</summary>
    internal static string KeyOf(AllocationSite site)
    {
        var statement = site.Statement is { } text ? Normalize(text) : $"{Path.GetFileName(site.File)}:{site.Line}";
        var key = string.Join('\n', site.Function, site.Callee ?? string.Empty, site.Kind.Id(), statement);
        return site.Scope == SiteScope.SetUp ? key + "\nset-up" : key; // the set-up share of a line is a row of its own
    }

    /// <summary>The statement without comments, with runs of white space outside literals as one space.</summary>
    public static string Normalize(string statement)
    {
        var sb = new StringBuilder(statement.Length);
        var i = 0;
        var pendingSpace = false;
        while (i < statement.Length)
        {
            var c = statement[i];
            if (c == '/' && i + 1 < statement.Length && statement[i + 1] == '/')
            {
                break;
            }

            if (c == '/' && i + 1 < statement.Length && statement[i + 1] == '*')
            {
                var end = statement.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? statement.Length : end + 2;
                pendingSpace = true;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                i++;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            if (c is '"' or '`' or '\'')
            {
                var start = i;
                i++;
                while (i < statement.Length && statement[i] != c)
                {
                    i += statement[i] == '\\' && c != '`' ? 2 : 1;
                }

                i = Math.Min(i + 1, statement.Length);
                sb.Append(statement, start, i - start);
                continue;
            }

            sb.Append(c);
            i++;
        }

        return sb.ToString();
    }

    private static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 8));
}
