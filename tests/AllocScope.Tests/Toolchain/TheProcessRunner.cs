using System.Diagnostics;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Toolchain;

/// <summary>The one process runner: argument vectors survive, output streams line by line, timeouts and cancellation kill the whole tree.</summary>
public sealed class TheProcessRunner
{
    private static CancellationToken Test => TestContext.Current.CancellationToken;

    [Fact]
    public void Arguments_with_spaces_quotes_unicode_and_a_leading_dash_arrive_as_given()
    {
        string[] args = ["a b", "it's", "\"quoted\"", "ünïcødé ✓", "-leading-dash", "$HOME", "", "*"];
        var lines = new List<string>();
        var outcome = ProcessRunner.Stream(new ProcessSpec("/bin/sh", ["-c", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh", .. args]), lines.Add, null, Test);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(args.Select(a => $"[{a}]"), lines);
    }

    [Fact]
    public void Lines_are_handed_over_as_they_come_and_a_failure_keeps_the_last_lines_of_stderr()
    {
        var output = new List<string>();
        var spec = new ProcessSpec("/bin/sh", ["-c", "for i in $(seq 1 50); do echo out$i; echo err$i >&2; done; exit 3"]);
        var outcome = ProcessRunner.Stream(spec, output.Add, null, Test);
        Assert.Equal(50, output.Count);
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("err50", outcome.ErrorTail[^1]);
        Assert.Equal(20, outcome.ErrorTail.Count);
        Assert.Contains("exited with code 3", outcome.Describe(spec), StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_kills_the_process_and_says_so()
    {
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<ToolTimeoutException>(() =>
            ProcessRunner.Stream(new ProcessSpec("/bin/sleep", ["60"]) { Timeout = TimeSpan.FromMilliseconds(300) }, null, null, Test));
        Assert.Contains("sleep 60", e.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Cancelling_kills_the_child_and_its_own_children()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"allocscope-grandchild-{Guid.NewGuid():N}");
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Test);
            var spec = new ProcessSpec("/bin/sh", ["-c", $"sleep 120 & echo $! > '{pidFile}'; echo started; wait"]);
            var watch = Stopwatch.StartNew();
            Assert.ThrowsAny<OperationCanceledException>(() => ProcessRunner.Stream(spec, line =>
            {
                if (line == "started")
                {
                    cancel.CancelAfter(100);
                }
            }, null, cancel.Token));
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
            var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            SpinWait.SpinUntil(() => !IsAlive(grandchild), TimeSpan.FromSeconds(5));
            Assert.False(IsAlive(grandchild), $"the grandchild {grandchild} (sleep 120) still runs");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    // A killed child lingers as a zombie until reaped: only a process still running counts as alive.
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && File.ReadAllText(stat).Split(' ')[2] is not ("Z" or "X");
    }
}
