using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The reference notebook's dataset-examples figure: under a heading, the images that excite a channel
/// most, each as the model saw it with the channel's activation map zoomed bilinearly to the image and
/// laid over it in <c>coolwarm</c> at alpha 0.5 (each map spanning its own minimum to maximum, as
/// matplotlib's <c>imshow</c> does), titled with its rank and predicted class, and its score and file name.
/// Images sit in a row, wrapping after <see cref="MaxColumns"/>, each scaled to fit a <see cref="CellSize"/> square.
/// </summary>
public static class TopImagesFigure
{
    /// <summary>Side of the square each image is scaled into, in pixels.</summary>
    public const int CellSize = 224;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = 16;

    /// <summary>Height of one title line (and of the heading).</summary>
    public const int LineHeight = 20;

    /// <summary>Space between the titles and the image.</summary>
    public const int TitleGap = 4;

    /// <summary>Images per row before the figure wraps.</summary>
    public const int MaxColumns = 5;

    /// <summary>Opacity of the activation map over the image, the notebook's.</summary>
    public const double OverlayAlpha = 0.5;

    private const float FontSize = 14;

    /// <summary>The style the maps are drawn in: coolwarm, alpha 0.5, each map's own range.</summary>
    public static HeatmapOverlayStyle OverlayStyle { get; } = new() { Colormap = Colormaps.Coolwarm, Alpha = OverlayAlpha };

    /// <summary>The figure's size in pixels for <paramref name="tiles"/> images.</summary>
    public static (int Width, int Height) SizeFor(int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, 1);
        int columns = Math.Min(tiles, MaxColumns), rows = (tiles + MaxColumns - 1) / MaxColumns;
        return (Margin + columns * (CellSize + Margin), Margin + LineHeight + Margin + rows * (RowHeight + Margin));
    }

    /// <summary>The picture of one tile: the image with its map laid over it, at the image's size.</summary>
    public static RgbImage Overlay(TopImagesFigureTile tile) =>
        HeatmapOverlay.Blend(tile.Image, tile.Map, tile.MapHeight, tile.MapWidth, OverlayStyle);

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(string heading, IReadOnlyList<TopImagesFigureTile> tiles)
    {
        var (width, height) = SizeFor(tiles.Count);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, FontSize, LineHeight);
        using var headingPaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var captionPaint = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        canvas.DrawText(ReportFont.Fit(heading, font, width - 2 * Margin), Margin, ReportFont.Baseline(font, Margin, LineHeight), SKTextAlign.Left, font, headingPaint);
        float gridTop = Margin + LineHeight + Margin;
        for (int i = 0; i < tiles.Count; i++)
        {
            float left = Margin + i % MaxColumns * (CellSize + Margin);
            float top = gridTop + i / MaxColumns * (RowHeight + Margin);
            float centre = left + CellSize / 2f;
            canvas.DrawText(ReportFont.Fit(tiles[i].Title, font, CellSize), centre, ReportFont.Baseline(font, top, LineHeight), SKTextAlign.Center, font, titlePaint);
            canvas.DrawText(ReportFont.Fit(tiles[i].Caption, font, CellSize), centre, ReportFont.Baseline(font, top + LineHeight, LineHeight), SKTextAlign.Center, font, captionPaint);
            using var image = ClassificationGrid.ToBitmap(Overlay(tiles[i]));
            float scale = Math.Min(CellSize / (float)image.Width, CellSize / (float)image.Height);
            float w = image.Width * scale, h = image.Height * scale;
            float imageTop = top + 2 * LineHeight + TitleGap;
            using var skImage = SKImage.FromBitmap(image);
            canvas.DrawImage(skImage, SKRect.Create(left + (CellSize - w) / 2, imageTop + (CellSize - h) / 2, w, h), sampling);
        }
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, string heading, IReadOnlyList<TopImagesFigureTile> tiles)
    {
        using var bitmap = Render(heading, tiles);
        ImageWriter.SavePng(bitmap, path);
    }

    private static int RowHeight => 2 * LineHeight + TitleGap + CellSize;
}
