using System.Globalization;

namespace AllocScope.Output;

/// <summary>Human number formatting shared by the text and markdown outputs (invariant culture).</summary>
public static class Units
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>Bytes as pprof prints them: B, kB, MB, GB with up to two decimals.</summary>
    public static string Bytes(long value)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB"];
        double v = value;
        var unit = 0;
        while (Math.Abs(v) >= 1024 && unit < units.Length - 1)
        {
            v /= 1024;
            unit++;
        }

        return unit == 0 ? value.ToString(s_inv) + "B"
            : v.ToString(v >= 100 ? "0" : v >= 10 ? "0.#" : "0.##", s_inv) + units[unit];
    }

    public static string Count(long value) => value.ToString("N0", s_inv);

    /// <summary>A value in its unit: bytes human-readable, anything else as a count.</summary>
    public static string Value(string unit, long value) => unit == "bytes" ? Bytes(value) : Count(value);

    public static string Percent(long part, long total) =>
        total == 0 ? "0%" : (100.0 * part / total).ToString("0.0", s_inv) + "%";

    /// <summary>pprof's percentage (measurement.Percentage): "100%" within 0.05 of it, two decimals from 1%, else two significant digits.</summary>
    public static string PprofPercent(long value, long total)
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

    /// <summary>An integer with an explicit sign when positive ("+5", "-3", "0").</summary>
    public static string Signed(long v) => v > 0 ? "+" + v.ToString(s_inv) : v.ToString(s_inv);

    public static string Integer(long v) => v.ToString(s_inv);
}
