using ConvLens.Imaging;
using ConvLens.Reporting;
using SkiaSharp;

namespace ConvLens.Visualization;

/// <summary>
/// A grid of visualisations, each under its label (<c>layer:channel</c>) and final objective value. Cells
/// are never narrower than <see cref="MinCellSize"/> so two lines of text always fit legibly; small images
/// are scaled up (nearest neighbour, so their pixels stay visible) and large ones down.
/// </summary>
public static class VisualizationAtlas
{
    /// <summary>The narrowest cell: room for a label of about 20 characters at <see cref="FontSize"/>.</summary>
    public const int MinCellSize = 128;

    /// <summary>The widest cell: larger images are scaled down to it.</summary>
    public const int MaxCellSize = 224;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = 12;

    /// <summary>Height of one text line.</summary>
    public const int LineHeight = 18;

    /// <summary>Space between the text and the image.</summary>
    public const int TextGap = 3;

    /// <summary>The font size labels start from before being fitted to <see cref="LineHeight"/>.</summary>
    public const float FontSize = 13;

    /// <summary>Most columns, however many tiles.</summary>
    public const int MaxColumns = 8;

    /// <summary>The grid's columns, rows and cell side for <paramref name="tiles"/> images of <paramref name="imageSize"/> pixels.</summary>
    public static (int Columns, int Rows, int Cell) Layout(int tiles, int imageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, 1);
        // Near-square grids read best; a few tiles stay in one row.
        int columns = Math.Min(MaxColumns, tiles <= 4 ? tiles : (int)Math.Ceiling(Math.Sqrt(tiles)));
        int rows = (tiles + columns - 1) / columns;
        return (columns, rows, Math.Clamp(imageSize, MinCellSize, MaxCellSize));
    }

    /// <summary>The figure's size in pixels.</summary>
    public static (int Width, int Height) SizeFor(int tiles, int imageSize)
    {
        var (columns, rows, cell) = Layout(tiles, imageSize);
        return (Margin + columns * (cell + Margin), Margin + rows * (RowHeight(cell) + Margin));
    }

    /// <summary>Where tile <paramref name="index"/>'s title line, caption line and image lie.</summary>
    public static (SKRect Title, SKRect Caption, SKRect Image) TileBounds(int index, int tiles, int imageSize)
    {
        var (columns, _, cell) = Layout(tiles, imageSize);
        float left = Margin + index % columns * (cell + Margin);
        float top = Margin + index / columns * (RowHeight(cell) + Margin);
        return (SKRect.Create(left, top, cell, LineHeight), SKRect.Create(left, top + LineHeight, cell, LineHeight),
            SKRect.Create(left, top + 2 * LineHeight + TextGap, cell, cell));
    }

    /// <summary>Draws the atlas; every tile is scaled to the first tile's size class.</summary>
    /// <exception cref="ArgumentException">No tiles.</exception>
    public static SKBitmap Render(IReadOnlyList<AtlasTile> tiles)
    {
        if (tiles.Count == 0) throw new ArgumentException("an atlas needs at least one tile", nameof(tiles));
        int imageSize = Math.Max(tiles[0].Image.Width, tiles[0].Image.Height);
        var (width, height) = SizeFor(tiles.Count, imageSize);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, FontSize, LineHeight);
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var captionPaint = new SKPaint { Color = new SKColor(0x44, 0x44, 0x44), IsAntialias = true };
        for (int i = 0; i < tiles.Count; i++)
        {
            var (title, caption, box) = TileBounds(i, tiles.Count, imageSize);
            DrawLine(canvas, tiles[i].Title, title, font, titlePaint);
            DrawLine(canvas, tiles[i].Caption, caption, font, captionPaint);
            using var image = ImageWriter.ToBitmap(tiles[i].Image);
            using var skImage = SKImage.FromBitmap(image);
            float scale = Math.Min(box.Width / image.Width, box.Height / image.Height);
            float w = image.Width * scale, h = image.Height * scale;
            // Upscaled visualisations keep hard pixel edges; downscaled ones are filtered to avoid aliasing.
            var sampling = scale >= 1 ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
            canvas.DrawImage(skImage, SKRect.Create(box.Left + (box.Width - w) / 2, box.Top + (box.Height - h) / 2, w, h), sampling);
        }
        return bitmap;
    }

    /// <summary>Draws the atlas and writes it as a PNG, atomically.</summary>
    public static void Write(string path, IReadOnlyList<AtlasTile> tiles)
    {
        using var bitmap = Render(tiles);
        ImageWriter.SavePng(bitmap, path);
    }

    private static void DrawLine(SKCanvas canvas, string text, SKRect box, SKFont font, SKPaint paint)
    {
        // Measured, not guessed: the text is shortened until its drawn width fits the cell.
        var fitted = ReportFont.Fit(text, font, box.Width - 2);
        canvas.DrawText(fitted, box.MidX, ReportFont.Baseline(font, box.Top, box.Height), SKTextAlign.Center, font, paint);
    }

    private static int RowHeight(int cell) => 2 * LineHeight + TextGap + cell;
}
