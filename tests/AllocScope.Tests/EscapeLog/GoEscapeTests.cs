using System.Text.RegularExpressions;
using AllocScope.EscapeLog;
using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.EscapeLog;

/// <summary>
/// Go's own escape-analysis tests (test/escape*.go of the installed Go, `// errorcheck ... -m ...`) as an oracle:
/// each file is compiled with the flags of its first line, and every `// ERROR "regexp"` on a line must match a
/// message our reader produced for that line (as Go's test/run.go errorcheck does with the raw output).
/// </summary>
public sealed partial class GoEscapeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_expectation_of_gos_escape_tests_is_matched_by_a_parsed_message(bool explain)
    {
        var go = GoTool.Require();
        var goroot = GoTool.Run(Path.GetTempPath(), "env", "GOROOT").StandardOutput.Trim();
        var files = Directory.GetFiles(Path.Combine(goroot, "test"), "escape*.go").Order(StringComparer.Ordinal).ToList();
        var failures = new List<string>();
        var checkedFiles = 0;
        var expectations = 0;
        var work = Directory.CreateTempSubdirectory("allocscope-escape-");
        try
        {
            foreach (var path in files)
            {
                var firstLine = File.ReadLines(path).First();
                if (!firstLine.StartsWith("// errorcheck", StringComparison.Ordinal) || !firstLine.Contains(" -m", StringComparison.Ordinal))
                {
                    continue; // `// run` files (escape.go, escape3.go) execute programs; they have no -m expectations.
                }

                var name = Path.GetFileName(path);
                File.Copy(path, Path.Combine(work.FullName, name), overwrite: true);
                var flags = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2)
                    .Where(f => f is not "-0" and not "-1")
                    .Select(f => explain && f == "-m" ? "-m=2" : f);
                var result = ProcessRunner.Run(go, ["tool", "compile", "-p=p", "-e", "-o", Path.Combine(work.FullName, "out.o"), .. flags, name], work.FullName, cancellation: TestContext.Current.CancellationToken);
                Assert.True(result.ExitCode == 0, $"{name}: go tool compile failed:\n{result.StandardError}{result.StandardOutput}");
                var output = result.StandardOutput + result.StandardError;
                if (output.Length == 0)
                {
                    // escape_hash_maphash.go: nothing to report and no expectations.
                    Assert.DoesNotContain(File.ReadLines(path), l => ErrorComment().IsMatch(l) && !l.Contains("////", StringComparison.Ordinal));
                    checkedFiles++;
                    continue;
                }

                var log = EscapeLogReader.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(output)), name);
                if (log.Unrecognized.Count > 0)
                {
                    failures.Add($"{name}: {log.Unrecognized.Count} unrecognized, e.g. {log.Unrecognized.Examples[0].Text}");
                }

                var messages = MessagesByLine(log);
                var lines = File.ReadAllLines(path);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (var expected in Expectations(lines[i], name, i + 1))
                    {
                        expectations++;
                        var produced = messages.GetValueOrDefault(i + 1) ?? [];
                        if (!produced.Any(m => expected.IsMatch(m)))
                        {
                            failures.Add($"{name}:{i + 1}: no parsed message matches `{expected}`; parsed: [{string.Join(" | ", produced)}]");
                        }
                    }
                }

                checkedFiles++;
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        Assert.True(checkedFiles >= 20, $"only {checkedFiles} errorcheck -m files found under {goroot}/test");
        Assert.True(expectations > 1000, $"only {expectations} expectations");
        Assert.True(failures.Count == 0, $"{failures.Count} of {expectations} expectations in {checkedFiles} files failed:\n{string.Join("\n", failures.Take(40))}");
    }

    /// <summary>Every message the reader produced, by line, rebuilt from the model (without the position).</summary>
    private static Dictionary<int, List<string>> MessagesByLine(AllocScope.EscapeLog.CompilerLog log)
    {
        var byLine = new Dictionary<int, List<string>>();
        void Add(int line, string message)
        {
            if (!byLine.TryGetValue(line, out var list))
            {
                list = [];
                byLine[line] = list;
            }

            list.Add(message);
        }

        foreach (var d in log.Decisions)
        {
            foreach (var message in d.Messages())
            {
                Add(d.Line, message[(d.Position.Length + 2)..]);
            }
        }

        foreach (var i in log.InliningDecisions)
        {
            Add(i.Line, i.Message);
            if (i.Verdict == InliningVerdict.CanInline)
            {
                // The -m=1 form of the same record: with -m=2 the compiler appends "with cost N as: body".
                Add(i.Line, $"can inline {i.Function}");
            }
        }

        foreach (var n in log.Notes)
        {
            Add(n.Line, n.Message);
        }

        return byLine;
    }

    /// <summary>The regexps of a `// ERROR "re" "re"` comment (test/run.go wantedErrors: `////` disables, LINE is replaced).</summary>
    private static IEnumerable<Regex> Expectations(string line, string file, int number)
    {
        if (line.Contains("////", StringComparison.Ordinal))
        {
            yield break;
        }

        var m = ErrorComment().Match(line);
        if (!m.Success)
        {
            yield break;
        }

        foreach (Match quoted in Quoted().Matches(m.Groups[1].Value))
        {
            var pattern = LinePattern().Replace(quoted.Groups[1].Value, l =>
            {
                var n = number;
                if (l.Groups[2].Success)
                {
                    var delta = int.Parse(l.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture);
                    n += l.Groups[2].Value == "+" ? delta : -delta;
                }

                return $"{file}:{n}";
            });
            yield return new Regex(pattern, RegexOptions.CultureInvariant);
        }
    }

    [GeneratedRegex(@"// (?:GC_)?ERROR (.*)")]
    private static partial Regex ErrorComment();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"LINE(([+-])([0-9]+))?")]
    private static partial Regex LinePattern();
}
