using System.Globalization;

namespace AllocScope.Output;

/// <summary>Human number formatting shared by the text and markdown outputs (invariant culture).</summary>
public static class Units
{
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

        return unit == 0 ? value.ToString(CultureInfo.InvariantCulture) + "B"
            : v.ToString(v >= 100 ? "0" : v >= 10 ? "0.#" : "0.##", CultureInfo.InvariantCulture) + units[unit];
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(long part, long total) =>
        total == 0 ? "0%" : (100.0 * part / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
