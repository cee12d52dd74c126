using System.Globalization;
using ConvLens.Circuits;
using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The reference notebook's kernel figure: the top-ranked kernel slices of a target channel side by
/// side, each drawn as a grey-level grid (min–max normalised) with its normalised value printed in each
/// cell, titled with the input channel and "mostly excitatory" or "mostly inhibitory". The same drawing
/// serves <see cref="CircuitFigure"/>, which adds each input channel's feature visualization.
/// </summary>
public static class KernelFigure
{
    /// <summary>The header lines and panels of <paramref name="analysis"/>' top slices (and the data ranking, when measured).</summary>
    public static (IReadOnlyList<string> Headers, IReadOnlyList<KernelFigurePanel> Panels) Content(KernelAnalysis analysis, ContributionRanking? data = null,
        IReadOnlyList<RgbImage?>? images = null)
    {
        var top = analysis.TopSlices;
        var headers = new List<string>
        {
            $"{analysis.Layer} channel {analysis.Channel}: top {top.Count} of {analysis.Slices.Count} input channels by {analysis.Metric.Description()}",
            $"inputs: {analysis.Input.Describe()}",
        };
        if (data is not null)
        {
            headers.Add($"on {data.Images} images: Spearman ρ between weight and data rankings {Format(data.SpearmanCorrelation)}, top-{data.Top} overlap {data.TopOverlap}/{data.Top}");
            headers.Add($"top {data.Top} by measured contribution: {string.Join(", ", data.TopEntries.Select(e => $"{e.InputChannel} ({Format(e.Contribution)})"))}");
        }
        var panels = top.Select((slice, i) =>
        {
            var captions = new List<string> { $"L2 {Format(slice.L2Norm)} · mean {Format(slice.Mean)}" };
            if (data is not null)
            {
                var entry = data.EntryOf(slice.InputChannel);
                captions.Add($"data rank {entry.DataRank} · contrib {Format(entry.Contribution)}");
            }
            return new KernelFigurePanel(slice.Normalized(), slice.Height, slice.Width, $"#{slice.Rank} input channel {slice.InputChannel}",
                slice.Sign.Label(), slice.Sign == KernelSign.Balanced ? null : slice.Sign == KernelSign.Excitatory, captions,
                images?[i], images?[i] is null ? null : $"{analysis.Input.DisplayName}:{slice.InputChannel}");
        }).ToList();
        return (headers, panels);
    }

    /// <summary>Draws a figure laid out by <see cref="KernelFigureLayout"/>.</summary>
    public static SKBitmap Render(IReadOnlyList<string> headers, IReadOnlyList<KernelFigurePanel> panels) =>
        Render(KernelFigureLayout.Compute(headers, panels), panels);

    /// <summary>Draws <paramref name="panels"/> where <paramref name="layout"/> puts them.</summary>
    public static SKBitmap Render(KernelFigureLayout layout, IReadOnlyList<KernelFigurePanel> panels)
    {
        var bitmap = new SKBitmap(new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var fill = new SKPaint { IsAntialias = false };
        using var outline = new SKPaint { Color = new SKColor(0x99, 0x99, 0x99), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        for (int p = 0; p < panels.Count; p++)
        {
            var panel = panels[p];
            for (int r = 0; r < panel.KernelHeight; r++)
                for (int c = 0; c < panel.KernelWidth; c++)
                {
                    byte grey = (byte)Math.Round(Math.Clamp(panel.Cells[r * panel.KernelWidth + c], 0, 1) * 255);
                    fill.Color = new SKColor(grey, grey, grey);
                    canvas.DrawRect(layout.Cell(p, r, c), fill);
                }
            canvas.DrawRect(layout.Heatmaps[p], outline);
            if (layout.Images[p] is { } imageRect && panel.Image is { } image)
            {
                using var bitmapImage = ImageWriter.ToBitmap(image);
                using var skImage = SKImage.FromBitmap(bitmapImage);
                canvas.DrawImage(skImage, imageRect, sampling);
            }
        }
        DrawTexts(canvas, layout.Texts);
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> headers, IReadOnlyList<KernelFigurePanel> panels)
    {
        using var bitmap = Render(headers, panels);
        ImageWriter.SavePng(bitmap, path);
    }

    /// <summary>Three significant digits, invariant culture, "n/a" for NaN.</summary>
    internal static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("G3", CultureInfo.InvariantCulture);

    private static void DrawTexts(SKCanvas canvas, IReadOnlyList<KernelFigureText> texts)
    {
        using var typeface = ReportFont.Load();
        using var font = new SKFont(typeface) { Subpixel = true, Edging = SKFontEdging.Antialias };
        using var paint = new SKPaint { IsAntialias = true };
        foreach (var text in texts)
        {
            font.Size = text.FontSize;
            paint.Color = text.Color;
            canvas.DrawText(text.Text, text.X, text.Baseline, SKTextAlign.Left, font, paint);
        }
    }
}
