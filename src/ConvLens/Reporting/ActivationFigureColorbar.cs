using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// A vertical colorbar as matplotlib draws one beside a heatmap: the colormap from the minimum (bottom) to
/// the maximum (top), with round-number ticks labelled on its right.
/// </summary>
public static class ActivationFigureColorbar
{
    /// <summary>Width of the colour strip.</summary>
    public const int BarWidth = 14;

    /// <summary>Length of a tick mark.</summary>
    public const int TickLength = 4;

    /// <summary>Draws the bar in <paramref name="bar"/> with tick labels right of it in <paramref name="font"/>.</summary>
    public static void Draw(SKCanvas canvas, SKRect bar, Colormap colormap, double minimum, double maximum, SKFont font)
    {
        using var paint = new SKPaint { IsAntialias = false };
        float step = bar.Height / Colormap.Size;
        for (int i = 0; i < Colormap.Size; i++)
        {
            var (r, g, b) = colormap[i];
            paint.Color = new SKColor(r, g, b);
            // Index 0 at the bottom; each stripe overlaps the next by a pixel's fraction so no gaps show.
            float bottom = bar.Bottom - i * step;
            canvas.DrawRect(SKRect.Create(bar.Left, bottom - step - 0.5f, bar.Width, step + 0.5f), paint);
        }
        using var line = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(bar, line);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        font.GetFontMetrics(out var metrics);
        float middle = -(metrics.Ascent + metrics.Descent) / 2;
        foreach (var tick in Ticks(minimum, maximum))
        {
            float y = maximum > minimum ? bar.Bottom - (float)((tick - minimum) / (maximum - minimum)) * bar.Height : bar.MidY;
            canvas.DrawLine(bar.Right, y, bar.Right + TickLength, y, line);
            canvas.DrawText(Label(tick), bar.Right + TickLength + 2, y + middle, SKTextAlign.Left, font, text);
        }
    }

    /// <summary>The widest tick label of a bar from <paramref name="minimum"/> to <paramref name="maximum"/>, plus the tick.</summary>
    public static float LabelWidth(double minimum, double maximum, SKFont font) =>
        TickLength + 2 + Ticks(minimum, maximum).Select(t => font.MeasureText(Label(t))).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Round-number ticks inside [<paramref name="minimum"/>, <paramref name="maximum"/>]: steps of 1, 2, 2.5
    /// or 5 times a power of ten, at most six ticks; a single tick when the range is empty.
    /// </summary>
    public static IReadOnlyList<double> Ticks(double minimum, double maximum)
    {
        if (!double.IsFinite(minimum) || !double.IsFinite(maximum)) return [];
        if (!(maximum > minimum)) return [minimum];
        double range = maximum - minimum, magnitude = Math.Pow(10, Math.Floor(Math.Log10(range / 5)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => range / s <= 5.0001);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(minimum / step - 1e-9) * step; t <= maximum + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks;
    }

    /// <summary>
    /// <paramref name="overlay"/> with a colorbar on its right, the bar as tall as the picture; the picture
    /// keeps its size and position.
    /// </summary>
    public static SKBitmap AppendTo(RgbImage overlay, Colormap colormap, double minimum, double maximum)
    {
        using var typeface = ReportFont.Load();
        using var font = new SKFont(typeface, Math.Clamp(overlay.Height / 24f, 9f, 28f)) { Subpixel = true, Edging = SKFontEdging.Antialias };
        font.GetFontMetrics(out var metrics);
        int gap = Math.Max(6, overlay.Width / 50);
        int padding = (int)Math.Ceiling(metrics.Descent - metrics.Ascent);
        int labels = (int)Math.Ceiling(LabelWidth(minimum, maximum, font));
        int width = overlay.Width + gap + BarWidth + labels + gap;
        int height = Math.Max(overlay.Height, 2 * padding + 16);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using (var bitmapImage = ImageWriter.ToBitmap(overlay))
        using (var image = SKImage.FromBitmap(bitmapImage))
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default); // drawn 1:1: no resampling happens
        // Half a text line above and below, so the end labels are not cut off.
        var bar = SKRect.Create(overlay.Width + gap, padding / 2f, BarWidth, height - padding);
        Draw(canvas, bar, colormap, minimum, maximum, font);
        return bitmap;
    }

    private static string Label(double value) => value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
