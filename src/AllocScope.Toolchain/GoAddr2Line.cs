using System.Globalization;
using AllocScope.Pprof;

namespace AllocScope.Toolchain;

/// <summary>Symbolizes addresses of a Go binary with Go's own `go tool addr2line` (reads the binary's pclntab).</summary>
public static class GoAddr2Line
{
    public static IReadOnlyDictionary<ulong, SymbolizedFrame> Resolve(string go, string binary, IReadOnlyList<ulong> addresses)
    {
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"binary {binary} not found", binary);
        }

        var input = string.Concat(addresses.Select(a => $"0x{a:x}\n"));
        var result = ProcessRunner.Run(go, ["tool", "addr2line", binary], standardInput: input);
        if (result.ExitCode != 0)
        {
            throw new Inputs.InputFormatException(binary, $"go tool addr2line could not read it: {result.StandardError.Trim()}");
        }

        // Two lines per address, in order: the function name, then file:line ("?" and "?:0" when unknown).
        var lines = result.StandardOutput.Split('\n');
        var frames = new Dictionary<ulong, SymbolizedFrame>();
        for (var i = 0; i < addresses.Count && 2 * i + 1 < lines.Length; i++)
        {
            var function = lines[2 * i].Trim();
            var position = lines[(2 * i) + 1].Trim();
            var colon = position.LastIndexOf(':');
            var file = colon > 0 ? position[..colon] : position;
            var line = colon > 0 && long.TryParse(position[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (function != "?")
            {
                frames[addresses[i]] = new SymbolizedFrame(function, file, line);
            }
        }

        return frames;
    }
}
