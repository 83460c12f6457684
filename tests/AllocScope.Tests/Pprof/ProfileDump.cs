using System.Globalization;
using System.Text;

using AllocScope.Pprof;

namespace AllocScope.Tests.Pprof;

/// <summary>
/// The text dump google/pprof's Profile.String() writes (and `go tool pprof -raw` prints): header, samples with
/// location ids and labels, locations, mappings. Used to compare our reading with pprof's line by line.
/// </summary>
public static class ProfileDump
{
    public static string Format(Profile p, bool includeSymbols = true)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        foreach (var c in p.Comments)
        {
            sb.Append("Comment: ").Append(c).Append('\n');
        }

        if (p.PeriodType.Type.Length > 0 || p.PeriodType.Unit.Length > 0)
        {
            sb.Append(inv, $"PeriodType: {p.PeriodType.Type} {p.PeriodType.Unit}\n");
        }

        sb.Append(inv, $"Period: {p.Period}\n");
        if (p.TimeNanos != 0)
        {
            sb.Append("Time: ").Append(GoTime(p.TimeNanos)).Append('\n');
        }

        if (p.DurationNanos != 0)
        {
            // pprof prints "%.4v" of a time.Duration: its String() cut to four characters.
            var d = GoDuration(p.DurationNanos);
            sb.Append("Duration: ").Append(d.Length > 4 ? d[..4] : d).Append('\n');
        }
        sb.Append("Samples:\n");
        sb.Append(string.Join(' ', p.SampleTypes.Select(t => $"{t.Type}/{t.Unit}" + (t.Type == p.DefaultSampleType ? "[dflt]" : "")))).Append('\n');
        foreach (var s in p.Samples)
        {
            foreach (var v in s.Values)
            {
                sb.Append(' ').Append(v.ToString(inv).PadLeft(10));
            }

            sb.Append(": ");
            foreach (var l in s.Locations)
            {
                sb.Append(l.Id.ToString(inv)).Append(' ');
            }

            sb.Append('\n');
            const string labelHeader = "                ";
            var strings = s.StringLabels;
            if (strings.Count > 0)
            {
                sb.Append(labelHeader).Append(string.Join(' ', strings.Select(kv => $"{kv.Key}:[{string.Join(' ', kv.Value)}]").Order(StringComparer.Ordinal))).Append('\n');
            }

            var numbers = s.Labels.Where(l => l.IsNumeric).GroupBy(l => l.Key).ToList();
            if (numbers.Count > 0)
            {
                sb.Append(labelHeader).Append(string.Join(' ', numbers
                    .Select(g => $"{g.Key}:[{string.Join(' ', g.Select(l => l.NumUnit is null ? l.Num.ToString(inv) : $"{l.Num} {l.NumUnit}"))}]")
                    .Order(StringComparer.Ordinal))).Append('\n');
            }
        }

        sb.Append("Locations\n");
        foreach (var l in p.Locations)
        {
            var locStr = $"{l.Id.ToString(inv).PadLeft(6)}: 0x{l.Address:x} ";
            if (l.Mapping is { } m)
            {
                locStr += $"M={m.Id} ";
            }

            var lines = includeSymbols ? l.Lines : [];
            if (lines.Count == 0)
            {
                sb.Append(locStr).Append('\n');
            }

            foreach (var line in lines)
            {
                var text = "??";
                if (line.Function is { } fn)
                {
                    text = $"{fn.Name} {fn.FileName}:{line.LineNumber} s={fn.StartLine}";
                    if (fn.Name != fn.SystemName)
                    {
                        text += "(" + fn.SystemName + ")";
                    }
                }

                sb.Append(locStr).Append(text).Append('\n');
                locStr = "             ";
            }
        }

        sb.Append("Mappings\n");
        foreach (var m in p.Mappings)
        {
            var bits = (m.HasFunctions ? "[FN]" : "") + (m.HasFileNames ? "[FL]" : "") + (m.HasLineNumbers ? "[LN]" : "") + (m.HasInlineFrames ? "[IN]" : "");
            sb.Append(inv, $"{m.Id}: 0x{m.MemoryStart:x}/0x{m.MemoryLimit:x}/0x{m.FileOffset:x} {m.FileName} {m.BuildId} {bits}\n");
        }

        return sb.ToString();
    }

    /// <summary>Go's time.Time.String() in UTC: "2006-01-02 15:04:05.999999999 +0000 UTC" (fraction without trailing zeros).</summary>
    public static string GoTime(long unixNanos)
    {
        var seconds = Math.DivRem(unixNanos, 1_000_000_000L, out var nanos);
        if (nanos < 0)
        {
            seconds--;
            nanos += 1_000_000_000L;
        }

        var t = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        var fraction = nanos == 0 ? "" : "." + nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + fraction + " +0000 UTC";
    }

    /// <summary>Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "12µs", "7ns".</summary>
    public static string GoDuration(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        var sign = nanos < 0 ? "-" : "";
        var u = (ulong)Math.Abs(nanos);
        static string Frac(ulong v, int digits)
        {
            var scale = (ulong)Math.Pow(10, digits);
            var whole = v / scale;
            var frac = (v % scale).ToString("D" + digits, CultureInfo.InvariantCulture).TrimEnd('0');
            return whole.ToString(CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "");
        }

        if (u < 1_000)
        {
            return sign + u.ToString(CultureInfo.InvariantCulture) + "ns";
        }

        if (u < 1_000_000)
        {
            return sign + Frac(u, 3) + "µs";
        }

        if (u < 1_000_000_000)
        {
            return sign + Frac(u, 6) + "ms";
        }

        var s = Frac(u % 60_000_000_000, 9) + "s";
        var minutes = u / 60_000_000_000;
        if (minutes == 0)
        {
            return sign + s;
        }

        var hours = minutes / 60;
        return sign + (hours > 0 ? hours.ToString(CultureInfo.InvariantCulture) + "h" : "") + (minutes % 60).ToString(CultureInfo.InvariantCulture) + "m" + s;
    }
}
