using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The typeface of every figure: DejaVu Sans (Debian's fonts-dejavu-core) when installed, so figures
/// look the same on every machine that has it; otherwise Skia's default typeface.
/// </summary>
public static class ReportFont
{
    /// <summary>Where Debian installs DejaVu Sans.</summary>
    public const string DejaVuSansPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>DejaVu Sans, or the default typeface when that file is missing or unreadable.</summary>
    public static SKTypeface Load() =>
        (File.Exists(DejaVuSansPath) ? SKTypeface.FromFile(DejaVuSansPath) : null) ?? SKTypeface.Default;

    /// <summary>
    /// <paramref name="text"/> shortened with an ellipsis until <paramref name="font"/> draws it no
    /// wider than <paramref name="maxWidth"/>, so neighbouring titles never overlap.
    /// </summary>
    public static string Fit(string text, SKFont font, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth) return text;
        // "..." rather than "…": the fallback typeface may have no glyph for the ellipsis character.
        const string ellipsis = "...";
        int low = 0, high = text.Length;
        while (low < high)
        {
            int middle = (low + high + 1) / 2;
            if (font.MeasureText(string.Concat(text.AsSpan(0, middle), ellipsis)) <= maxWidth) low = middle;
            else high = middle - 1;
        }
        var fitted = string.Concat(text.AsSpan(0, low), ellipsis);
        return font.MeasureText(fitted) <= maxWidth ? fitted : "";
    }

    /// <summary>
    /// A font of <paramref name="size"/> points, made smaller until one line (ascent plus descent) fits
    /// in <paramref name="lineHeight"/> pixels.
    /// </summary>
    public static SKFont ForLineHeight(SKTypeface typeface, float size, float lineHeight)
    {
        var font = new SKFont(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        while (font.Size > 4 && LineExtent(font) > lineHeight) font.Size -= 0.5f;
        return font;
    }

    /// <summary>The baseline that centres one line of <paramref name="font"/> in a line box starting at <paramref name="top"/>.</summary>
    public static float Baseline(SKFont font, float top, float lineHeight)
    {
        font.GetFontMetrics(out var metrics);
        return top + (lineHeight - (metrics.Descent - metrics.Ascent)) / 2 - metrics.Ascent;
    }

    private static float LineExtent(SKFont font)
    {
        font.GetFontMetrics(out var metrics);
        return metrics.Descent - metrics.Ascent;
    }
}
