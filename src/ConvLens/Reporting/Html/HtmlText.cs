using System.Globalization;
using System.Net;

namespace ConvLens.Reporting.Html;

/// <summary>Escaping and number formatting for report markup: every text from data goes through here.</summary>
public static class HtmlText
{
    /// <summary><paramref name="text"/> safe inside an element or a double-quoted attribute.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A number for a caption: up to <paramref name="significant"/> significant digits, no exponent for
    /// everyday magnitudes, invariant culture (a report reads the same on every machine).
    /// </summary>
    public static string Number(double value, int significant = 3)
    {
        if (double.IsNaN(value)) return "n/a";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        if (value == 0) return "0";
        double magnitude = Math.Floor(Math.Log10(Math.Abs(value)));
        if (magnitude is >= 6 or <= -4) return value.ToString($"G{significant}", CultureInfo.InvariantCulture);
        int decimals = (int)Math.Max(0, significant - 1 - magnitude);
        var text = Math.Round(value, decimals).ToString("F" + decimals, CultureInfo.InvariantCulture);
        // "1.50" says more precision than we claim; "1.5" does not.
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text.StartsWith('-') ? "−" + text[1..] : text;
    }

    /// <summary>A number for SVG coordinates: two decimals at most, invariant culture, never an exponent.</summary>
    public static string Coordinate(double value) =>
        Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A duration for a timing table: milliseconds below a second, seconds with one decimal above.</summary>
    public static string Duration(TimeSpan duration) => duration.TotalSeconds < 1
        ? $"{duration.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms"
        : $"{duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s";
}
