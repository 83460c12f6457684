using AllocScope.Tests.Infrastructure;
using AllocScope.Toolchain;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// Heap profiles written by the installed Go (1.19) from a small program with known allocation sites, built once per
/// test run into a temporary directory: the allocs profile as profile.proto (gzipped), the heap profile as legacy text
/// (debug=1), both at MemProfileRate 1 (exact), and a proto heap profile at the default rate (sampled).
/// </summary>
public sealed class GoHeapProfiles : IDisposable
{
    private const string Program = """
        package main

        import (
        	"os"
        	"runtime"
        	"runtime/pprof"
        	"strconv"
        )

        var sink []int
        var msink map[int]string
        var ssink string

        //go:noinline
        func grow(n int) []int {
        	var s []int
        	for i := 0; i < n; i++ {
        		s = append(s, i)
        	}
        	return s
        }

        func small(i int) string { return strconv.Itoa(i) + "x" }

        func fill(m map[int]string, n int) {
        	for i := 0; i < n; i++ {
        		m[i] = small(i)
        	}
        }

        type point struct{ x, y int }

        //go:noinline
        func box(i int) interface{} { return point{i, i} }

        func write(name string, profile string, debug int) {
        	f, err := os.Create(name)
        	if err != nil {
        		panic(err)
        	}
        	if profile == "allocs" && debug == 0 {
        		pprof.Lookup("allocs").WriteTo(f, 0)
        	} else {
        		pprof.Lookup(profile).WriteTo(f, debug)
        	}
        	f.Close()
        }

        func main() {
        	if len(os.Args) > 1 && os.Args[1] == "sampled" {
        		for i := 0; i < 3000; i++ {
        			sink = grow(2000)
        		}
        		runtime.GC()
        		write("sampled.pb.gz", "heap", 0)
        		return
        	}
        	runtime.MemProfileRate = 1
        	for i := 0; i < 100; i++ {
        		sink = grow(1000)
        		m := map[int]string{}
        		fill(m, 200)
        		msink = m
        		_ = box(i)
        		ssink = ssink[:0] + strconv.Itoa(i)
        	}
        	runtime.GC()
        	write("allocs.pb.gz", "allocs", 0)
        	write("heap.pb.gz", "heap", 0)
        	write("heap.txt", "heap", 1)
        }
        """;

    private static readonly Lazy<GoHeapProfiles> s_shared = new(() => new GoHeapProfiles());

    private GoHeapProfiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), "allocscope-pprof-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
        File.WriteAllText(Path.Combine(Directory, "main.go"), Program);
        File.WriteAllText(Path.Combine(Directory, "go.mod"), "module heapprog\n\ngo 1.19\n");
        GoTool.Run(Directory, "build", "-o", "heapprog", ".");
        Binary = Path.Combine(Directory, "heapprog");
        foreach (var args in new[] { Array.Empty<string>(), ["sampled"] })
        {
            var run = ProcessRunner.Run(Binary, args, Directory);
            Assert.True(run.ExitCode == 0, "the heap profile program failed: " + run.StandardError);
        }
    }

    /// <summary>The profiles, built on first use (skips or fails like <see cref="GoTool.Require"/> when Go is missing).</summary>
    public static GoHeapProfiles Shared
    {
        get
        {
            GoTool.Require();
            return s_shared.Value;
        }
    }

    public string Directory { get; }

    public string Binary { get; }

    public string this[string name] => Path.Combine(Directory, name);

    /// <summary>`go tool pprof ARGS` output; fails the test on error.</summary>
    public static string Pprof(params string[] args) => GoTool.Run(Path.GetTempPath(), ["tool", "pprof", .. args]).StandardOutput;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
