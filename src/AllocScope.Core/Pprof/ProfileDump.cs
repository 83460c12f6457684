using System.Globalization;
using System.Text;

namespace AllocScope.Pprof;

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
}
