using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Goldens;

/// <summary>
/// Every `NAME.cmd` in this folder is one command line (with $FIXTURES = testdata/hotspots and $EXAMPLE =
/// examples/hotspots); its output must equal `NAME.golden`. On a mismatch NAME.golden.actual is written beside it
/// and the failure says how to accept it (or rerun with UPDATE_GOLDEN=1).
/// </summary>
public sealed class TheReportGoldens
{
    private static readonly string s_folder = Path.Combine(Repo.Root, "tests", "AllocScope.Tests", "Goldens");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(s_folder, "*.cmd").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_output_equals_its_golden_file(string name)
    {
        var line = File.ReadAllText(Path.Combine(s_folder, name + ".cmd")).Trim();
        var args = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => a.Replace("$FIXTURES", Path.Combine(Repo.Root, "testdata", "hotspots"), StringComparison.Ordinal)
                .Replace("$EXAMPLE", Repo.Example(), StringComparison.Ordinal))
            .ToArray();
        if (args[0] == "report")
        {
            // Reports read the code with Go's type checker; without Go the token facts say less (and the note differs).
            GoTool.Require();
        }

        var result = CliRunner.Run(args);
        Assert.True(result.ExitCode == 0, result.Error);
        Golden.AssertMatches(Path.Combine(s_folder, name + ".golden"), result.Output.Replace(Repo.Root, "$ROOT", StringComparison.Ordinal));
    }
}
