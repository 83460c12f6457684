using System.Globalization;
using System.Text;
using System.Text.Json;
using AllocScope.Pprof;
using ValueType = AllocScope.Pprof.ValueType;

namespace AllocScope.Output;

/// <summary>Writes a <see cref="TopAggregator"/> as a text table (pprof -top columns), JSON, or folded stacks.</summary>
public static class TopReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>pprof's percentage (measurement.Percentage): "100%" within 0.05 of it, two decimals from 1%, else two significant digits.</summary>
    public static string Percent(long value, long total)
    {
        var ratio = total == 0 ? 0 : Math.Abs((double)value / total) * 100;
        if (ratio >= 99.95 && ratio <= 100.05)
        {
            return "100%";
        }

        if (ratio >= 1.0)
        {
            return ratio.ToString("F2", s_inv) + "%";
        }

        return ratio == 0 ? "0%" : ratio.ToString("G2", s_inv) + "%";
    }

    public static void WriteText(TextWriter w, TopAggregator top, int limit)
    {
        var type = top.SampleType ?? new ValueType("", "");
        var rows = top.Rows();
        var shown = limit > 0 ? rows.Take(limit).ToList() : rows.ToList();
        var shownFlat = shown.Sum(r => r.Flat);
        w.WriteLine($"Type: {type.Type} ({type.Unit})");
        w.WriteLine($"Showing {shown.Count} of {rows.Count} rows, accounting for {shownFlat.ToString(s_inv)}, {Percent(shownFlat, top.Total)} of {top.Total.ToString(s_inv)} total");
        w.WriteLine($"{"flat",12} {"flat%",7} {"sum%",7} {"cum",12} {"cum%",7}  {(top.By == TopGranularity.Line ? "function file:line" : "function")}");
        long sum = 0;
        foreach (var row in shown)
        {
            sum += row.Flat;
            w.WriteLine($"{row.Flat.ToString(s_inv),12} {Percent(row.Flat, top.Total),7} {Percent(sum, top.Total),7} {row.Cum.ToString(s_inv),12} {Percent(row.Cum, top.Total),7}  {row.DisplayName(top.By)}");
        }
    }

    public static void WriteJson(TextWriter w, TopAggregator top, int limit)
    {
        var type = top.SampleType ?? new ValueType("", "");
        var rows = top.Rows();
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("sampleType", type.Type);
            json.WriteString("unit", type.Unit);
            json.WriteNumber("total", top.Total);
            json.WriteStartArray("rows");
            foreach (var row in limit > 0 ? rows.Take(limit) : rows)
            {
                json.WriteStartObject();
                json.WriteString("function", row.Function);
                json.WriteString("file", row.File);
                json.WriteNumber("line", row.Line);
                json.WriteNumber("flat", row.Flat);
                json.WriteNumber("cum", row.Cum);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        w.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>"root;...;leaf value" lines (Brendan Gregg's folded format), sorted, zero-valued stacks left out.</summary>
    public static void WriteFolded(TextWriter w, TopAggregator top)
    {
        var lines = new List<string>();
        foreach (var (frames, value) in top.Stacks())
        {
            if (value == 0)
            {
                continue;
            }

            var names = frames.Select(f => f.DisplayName(top.By).Replace(';', ':'));
            lines.Add(string.Join(';', names) + " " + value.ToString(s_inv));
        }

        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            w.WriteLine(line);
        }
    }
}
