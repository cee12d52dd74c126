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
    public const int CellSize = TitledImageGrid.CellSize;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = TitledImageGrid.Margin;

    /// <summary>Height of one title line (and of the heading).</summary>
    public const int LineHeight = TitledImageGrid.LineHeight;

    /// <summary>Space between the titles and the image.</summary>
    public const int TitleGap = TitledImageGrid.TitleGap;

    /// <summary>Images per row before the figure wraps.</summary>
    public const int MaxColumns = 5;

    /// <summary>Opacity of the activation map over the image, the notebook's.</summary>
    public const double OverlayAlpha = 0.5;

    /// <summary>The style the maps are drawn in: coolwarm, alpha 0.5, each map's own range.</summary>
    public static HeatmapOverlayStyle OverlayStyle { get; } = new() { Colormap = Colormaps.Coolwarm, Alpha = OverlayAlpha };

    /// <summary>The figure's size in pixels for <paramref name="tiles"/> images (a heading line above the grid).</summary>
    public static (int Width, int Height) SizeFor(int tiles) => TitledImageGrid.SizeFor(tiles, MaxColumns, HeadingHeight);

    /// <summary>The picture of one tile: the image with its map laid over it, at the image's size.</summary>
    public static RgbImage Overlay(TopImagesFigureTile tile) =>
        HeatmapOverlay.Blend(tile.Image, tile.Map, tile.MapHeight, tile.MapWidth, OverlayStyle);

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(string heading, IReadOnlyList<TopImagesFigureTile> tiles)
    {
        var (width, height) = SizeFor(tiles.Count);
        var (bitmap, canvas, typeface, font) = TitledImageGrid.Begin(width, height);
        using (canvas)
        using (typeface)
        using (font)
        {
            using var headingPaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            canvas.DrawText(ReportFont.Fit(heading, font, width - 2 * Margin), Margin, ReportFont.Baseline(font, Margin, LineHeight), SKTextAlign.Left, font, headingPaint);
            TitledImageGrid.Draw(canvas, font, HeadingHeight, MaxColumns, tiles.Select(t => (t.Title, t.Caption, Overlay(t))).ToArray());
        }
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, string heading, IReadOnlyList<TopImagesFigureTile> tiles)
    {
        using var bitmap = Render(heading, tiles);
        ImageWriter.SavePng(bitmap, path);
    }

    /// <summary>The heading line and the margin above it.</summary>
    private const int HeadingHeight = Margin + LineHeight;
}
