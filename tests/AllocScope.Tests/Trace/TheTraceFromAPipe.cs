using System.Diagnostics;
using AllocScope.Tests.Infrastructure;

namespace AllocScope.Tests.Trace;

/// <summary>
/// A trace on standard input is copied to a temporary file for the second pass. That file has no name from the moment
/// it is open, so a run killed halfway leaves nothing in the temporary folder.
/// </summary>
public sealed class TheTraceFromAPipe
{
    [Fact]
    public void A_run_killed_halfway_leaves_no_spool_and_a_whole_pipe_gives_the_files_numbers()
    {
        GoTool.Require();
        var path = Path.Combine(GoTraceDump.TestData, "stress_1_19_good");
        var data = File.ReadAllBytes(path);
        var tmp = Directory.CreateTempSubdirectory("allocscope-spool-").FullName;
        CliProcess.Run(new Dictionary<string, string>(), "--version"); // builds the executable first
        try
        {
            using (var process = Start(tmp))
            {
                try
                {
                    process.StandardInput.BaseStream.Write(data, 0, data.Length / 2);
                    process.StandardInput.BaseStream.Flush();

                    // The executable has the spool open (a deleted file under our TMPDIR) while it waits for the rest.
                    var spooling = SpinWait.SpinUntil(() => OpenDeletedFiles(process.Id, tmp) > 0, TimeSpan.FromSeconds(30));
                    Assert.True(spooling, "the run never opened its spool");
                    Assert.Empty(Directory.GetFileSystemEntries(tmp));
                    process.Kill();
                    process.WaitForExit();
                }
                finally
                {
                    if (!process.HasExited)
                    {
                        process.Kill();
                    }
                }
            }

            Assert.Empty(Directory.GetFileSystemEntries(tmp));

            using var whole = Start(tmp);
            whole.StandardInput.BaseStream.Write(data);
            whole.StandardInput.Close();
            var output = whole.StandardOutput.ReadToEnd();
            whole.WaitForExit();
            Assert.True(whole.ExitCode == 0, whole.StandardError.ReadToEnd());
            var fromFile = CliRunner.Run("trace", path);
            Assert.Equal(fromFile.Output.Replace(path, "-", StringComparison.Ordinal), output);
            Assert.Empty(Directory.GetFileSystemEntries(tmp));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static Process Start(string tmp)
    {
        var info = new ProcessStartInfo(CliProcess.Script)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("trace");
        info.ArgumentList.Add("-");
        info.Environment["TMPDIR"] = tmp;
        return Process.Start(info)!;
    }

    private static int OpenDeletedFiles(int pid, string folder)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Count(fd =>
            {
                var target = new FileInfo(fd).LinkTarget ?? string.Empty;
                return target.StartsWith(folder, StringComparison.Ordinal) && target.EndsWith(" (deleted)", StringComparison.Ordinal);
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
