namespace AllocScope.Tests.Infrastructure;

/// <summary>
/// Golden-file comparison for reports. On mismatch writes `NAME.actual` beside the golden and fails with the
/// command that accepts it; `UPDATE_GOLDEN=1` rewrites the goldens instead.
/// </summary>
public static class Golden
{
    public static void AssertMatches(string goldenPath, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var actualPath = goldenPath + ".actual";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(goldenPath, actual);
            File.Delete(actualPath);
            return;
        }

        var expected = File.Exists(goldenPath) ? File.ReadAllText(goldenPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            File.Delete(actualPath);
            return;
        }

        File.WriteAllText(actualPath, actual);
        Assert.Fail($"{goldenPath} differs from the output (written to {actualPath}).\n"
            + $"See: diff -u {goldenPath} {actualPath}\nAccept: mv {actualPath} {goldenPath}  (or rerun with UPDATE_GOLDEN=1)");
    }
}
