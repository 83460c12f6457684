using System.Globalization;
using System.Text.RegularExpressions;

namespace AllocScope.Pprof;

/// <summary>
/// The /proc/self/maps section some legacy profiles carry after their samples, and pprof's rule for locations no
/// mapping covers: one fake mapping [0, 2^64) with id 1 (Go's legacy writers emit no map, so every location gets it).
/// </summary>
internal static partial class MemoryMap
{
    // start-limit perms offset dev inode [path]; only executable mappings can hold profiled code.
    [GeneratedRegex(@"^\s*([0-9a-fA-F]+)-([0-9a-fA-F]+)\s+([-rwxps]+)\s+([0-9a-fA-F]+)\s+[0-9a-fA-F]+:[0-9a-fA-F]+\s+[0-9]+\s*(\S.*)?$")]
    private static partial Regex ProcMapsLine();

    public static Mapping? TryParse(string line, ulong id)
    {
        var m = ProcMapsLine().Match(line);
        if (!m.Success || !m.Groups[3].Value.Contains('x', StringComparison.Ordinal))
        {
            return null;
        }

        if (!ulong.TryParse(m.Groups[1].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(m.Groups[2].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var limit)
            || !ulong.TryParse(m.Groups[4].ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var offset))
        {
            return null;
        }

        return new Mapping(id, start, limit, offset, m.Groups[5].Value.Trim(), "", false, false, false, false);
    }

    /// <summary>Attaches each location (address ≠ 0) to the mapping holding it, or to the fake catch-all mapping.</summary>
    public static List<Mapping> Assign(List<Mapping> mappings, List<Location> locations)
    {
        Mapping? fake = null;
        foreach (var location in locations)
        {
            if (location.Mapping is not null || location.Address == 0)
            {
                continue;
            }

            var found = mappings.FirstOrDefault(m => m.MemoryStart <= location.Address && location.Address < m.MemoryLimit);
            if (found is null)
            {
                if (fake is null)
                {
                    fake = new Mapping((ulong)mappings.Count + 1, 0, ulong.MaxValue, 0, "", "", false, false, false, false);
                    mappings.Add(fake);
                }

                found = fake;
            }

            location.Mapping = found;
        }

        return mappings;
    }
}

/// <summary>
/// The frame-dropping regular expressions pprof attaches to legacy profiles (profile.proto drop_frames/keep_frames).
/// They name C/C++ allocator and profiler entry points, which Go stacks never contain; kept so the profile states
/// what pprof would state.
/// </summary>
internal static class LegacyFrames
{
    public const string AllocDropFrames = "calloc|cfree|malloc|free|memalign|do_memalign|(__)?posix_memalign|pvalloc|valloc|realloc"
        + "|mallocx|rallocx|xallocx|dallocx|sdallocx|sdallocx_noflags|tcmalloc::.*|tc_calloc|tc_cfree|tc_malloc|tc_free|tc_memalign"
        + "|tc_posix_memalign|tc_pvalloc|tc_valloc|tc_realloc|tc_new|tc_delete|tc_newarray|tc_deletearray|tc_new_nothrow|tc_newarray_nothrow"
        + "|malloc_zone_malloc|malloc_zone_calloc|malloc_zone_valloc|malloc_zone_realloc|malloc_zone_memalign|malloc_zone_free"
        + "|runtime\\..*|BaseArena::.*|LowLevelAlloc::.*|MallocHook::.*|__start_google_malloc|__stop_google_malloc"
        + "|__start_malloc_hook|__stop_malloc_hook";

    public const string AllocKeepFrames = "runtime\\.panic|runtime\\.reflectcall|runtime\\.call[0-9]*";

    public const string CpuDropFrames = "ProfileData::Add|ProfileData::prof_handler|CpuProfiler::prof_handler|__pthread_sighandler|__restore_rt";
}
