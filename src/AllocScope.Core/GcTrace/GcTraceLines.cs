namespace AllocScope.GcTrace;

/// <summary>
/// Takes GODEBUG=gctrace=1 lines out of a program's output. `go test` gives the test binary one pipe for stdout and
/// stderr, so a gc line the runtime prints while a benchmark runs lands inside that benchmark's result line, between
/// its name and its numbers: the line is put back together without it.
/// </summary>
public static class GcTraceLines
{
    /// <summary>Rewrites <paramref name="output"/> without its gctrace lines (atomically) and writes those to <paramref name="gcTrace"/>; returns how many.</summary>
    public static int Separate(string output, string gcTrace)
    {
        var program = $"{output}.{Environment.ProcessId}.tmp";
        var count = 0;
        try
        {
            using (var reader = new StreamReader(output))
            using (var kept = new StreamWriter(program))
            using (var gc = new StreamWriter(gcTrace))
            {
                while (reader.ReadLine() is { } line)
                {
                    var at = GcTraceReader.FindStart(line);
                    if (at >= 0 && GcTraceReader.TryParse(line.AsSpan(at), out _))
                    {
                        gc.WriteLine(line[at..]);
                        kept.Write(line.AsSpan(0, at)); // what the program had printed of its line goes on with the next
                        count++;
                    }
                    else if (line == "GC forced")
                    {
                        gc.WriteLine(line);
                    }
                    else
                    {
                        kept.WriteLine(line);
                    }
                }
            }

            File.Move(program, output, overwrite: true);
            return count;
        }
        finally
        {
            File.Delete(program);
        }
    }
}
