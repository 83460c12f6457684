namespace AllocScope.Go;

/// <summary>A Go release as `go1.19.8` or `1.22` names it: major.minor (patch ignored), comparable.</summary>
public readonly record struct GoVersion(int Major, int Minor) : IComparable<GoVersion>
{
    public int CompareTo(GoVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(GoVersion a, GoVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(GoVersion a, GoVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(GoVersion a, GoVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(GoVersion a, GoVersion b) => a.CompareTo(b) >= 0;

    /// <summary>Reads `go1.19.8`, `go version go1.19.8 linux/amd64`, `1.22`, `go 1.5 trace`; null when there is no version.</summary>
    public static GoVersion? Parse(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"(?:^|[^\d.])(?:go)?\s?(\d+)\.(\d+)");
        return match.Success
            ? new GoVersion(int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    public override string ToString() => $"{Major}.{Minor}";
}

/// <summary>
/// Every assumption AllocScope makes about Go versions, in one place: which versions each input is supported for,
/// the depth of the runtime's allocation stacks, and the Go this machine's distribution installs. The runtime frame
/// names per version are in <see cref="RuntimeFrames"/>.
/// </summary>
public static class GoVersions
{
    /// <summary>The Go whose toolchain the tests and fixtures use (Debian 12's golang-1.19-go).</summary>
    public static GoVersion Reference { get; } = new(1, 19);

    /// <summary>-gcflags=-m/-m=2 text and -json=0 logs: the wordings of these versions are known.</summary>
    public static (GoVersion From, GoVersion To) EscapeLogs { get; } = (new(1, 19), new(1, 26));

    /// <summary>Execution traces: v1 headers `go 1.5 trace` … `go 1.21 trace`, then the v2 format.</summary>
    public static (GoVersion From, GoVersion To) Traces { get; } = (new(1, 5), new(1, 26));

    /// <summary>The first Go whose traces are the generation-based v2 format.</summary>
    public static GoVersion TraceV2 { get; } = new(1, 22);

    /// <summary>
    /// How many frames the runtime records per heap-profile sample: 32 up to Go 1.22 (runtime.maxStack), 128 from Go
    /// 1.23 (GODEBUG profstackdepth). A sample that deep may have lost its root frames, the user's among them.
    /// </summary>
    public static int MemProfileStackDepth(GoVersion version) => version >= new GoVersion(1, 23) ? 128 : 32;

    /// <summary>Where Debian's golang-1.19-go puts the toolchain; used when `go` is not on PATH.</summary>
    public const string DebianGoBinary = "/usr/lib/go-1.19/bin/go";

    public const string InstallHint = "install Go (Debian: apt-get update && apt-get install -y golang-1.19-go) or put `go` on PATH";
}
