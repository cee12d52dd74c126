using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The notebook-style grid the classification and dataset-example figures share: images in rows of at most
/// a given number of columns, each scaled to fit a <see cref="CellSize"/> square under two title lines (a
/// title and a grey caption, both shortened to the cell's width so they never overlap).
/// </summary>
internal static class TitledImageGrid
{
    /// <summary>Side of the square each image is scaled into, in pixels.</summary>
    public const int CellSize = 224;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = 16;

    /// <summary>Height of one title line.</summary>
    public const int LineHeight = 20;

    /// <summary>Space between the titles and the image.</summary>
    public const int TitleGap = 4;

    private const float FontSize = 14;

    private static int RowHeight => 2 * LineHeight + TitleGap + CellSize;

    /// <summary>Width and height of a grid of <paramref name="tiles"/> cells (margins included), below <paramref name="headerHeight"/>.</summary>
    public static (int Width, int Height) SizeFor(int tiles, int maxColumns, int headerHeight = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, 1);
        int columns = Math.Min(tiles, maxColumns), rows = (tiles + maxColumns - 1) / maxColumns;
        return (Margin + columns * (CellSize + Margin), headerHeight + Margin + rows * (RowHeight + Margin));
    }

    /// <summary>A white canvas of the grid's size, with the report font fitted to a title line.</summary>
    public static (SKBitmap Bitmap, SKCanvas Canvas, SKTypeface Typeface, SKFont Font) Begin(int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var typeface = ReportFont.Load();
        return (bitmap, canvas, typeface, ReportFont.ForLineHeight(typeface, FontSize, LineHeight));
    }

    /// <summary>Draws the cells, starting <paramref name="top"/> pixels down.</summary>
    public static void Draw(SKCanvas canvas, SKFont font, float top, int maxColumns, IReadOnlyList<(string Title, string Caption, RgbImage Image)> tiles)
    {
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var captionPaint = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        for (int i = 0; i < tiles.Count; i++)
        {
            float left = Margin + i % maxColumns * (CellSize + Margin);
            float cellTop = top + Margin + i / maxColumns * (RowHeight + Margin);
            float centre = left + CellSize / 2f;
            canvas.DrawText(ReportFont.Fit(tiles[i].Title, font, CellSize), centre, ReportFont.Baseline(font, cellTop, LineHeight), SKTextAlign.Center, font, titlePaint);
            canvas.DrawText(ReportFont.Fit(tiles[i].Caption, font, CellSize), centre, ReportFont.Baseline(font, cellTop + LineHeight, LineHeight), SKTextAlign.Center, font, captionPaint);
            using var bitmap = ImageWriter.ToBitmap(tiles[i].Image);
            float scale = Math.Min(CellSize / (float)bitmap.Width, CellSize / (float)bitmap.Height);
            float w = bitmap.Width * scale, h = bitmap.Height * scale;
            float imageTop = cellTop + 2 * LineHeight + TitleGap;
            using var image = SKImage.FromBitmap(bitmap);
            canvas.DrawImage(image, SKRect.Create(left + (CellSize - w) / 2, imageTop + (CellSize - h) / 2, w, h), sampling);
        }
    }
}
