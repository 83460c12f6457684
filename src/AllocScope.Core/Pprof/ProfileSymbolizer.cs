namespace AllocScope.Pprof;

/// <summary>What a symbolizer says about one address.</summary>
public sealed record SymbolizedFrame(string Function, string File, long Line);

/// <summary>
/// Names the locations a profile left unsymbolized. In Go's legacy text heap profiles those are the runtime frames at
/// the leaf (mallocgc, growslice, mapassign, ...), which the `#` comment lines leave out but the binary knows.
/// </summary>
public static class ProfileSymbolizer
{
    /// <summary>Fills <see cref="Location.Lines"/> of every location without lines from <paramref name="resolve"/>; returns how many were named.</summary>
    public static int Symbolize(Profile profile, Func<IReadOnlyList<ulong>, IReadOnlyDictionary<ulong, SymbolizedFrame>> resolve)
    {
        var missing = profile.Locations.Where(l => l.Lines.Count == 0 && l.Address != 0).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var frames = resolve(missing.Select(l => l.Address).Distinct().ToList());
        var nextId = profile.Functions.Count == 0 ? 1 : profile.Functions.Max(f => f.Id) + 1;
        var functions = new Dictionary<(string, string), Function>();
        var named = 0;
        foreach (var location in missing)
        {
            if (!frames.TryGetValue(location.Address, out var frame) || frame.Function.Length == 0 || frame.Function == "?")
            {
                continue;
            }

            if (!functions.TryGetValue((frame.Function, frame.File), out var function))
            {
                functions[(frame.Function, frame.File)] = function = new Function(nextId++, frame.Function, frame.Function, frame.File, 0);
            }

            location.Lines = [new Line(function, frame.Line, 0)];
            named++;
        }

        return named;
    }
}
