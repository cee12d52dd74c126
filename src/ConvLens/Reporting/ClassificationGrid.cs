using ConvLens.Imaging;
using SkiaSharp;

namespace ConvLens.Reporting;

/// <summary>
/// The reference notebook's classification figure: the images in a row (wrapping after
/// <see cref="MaxColumns"/>), each under two title lines, the predicted label and the file name. Each
/// image is drawn as the model saw it, scaled to fit a <see cref="CellSize"/> square.
/// </summary>
public static class ClassificationGrid
{
    /// <summary>Side of the square each image is scaled into, in pixels.</summary>
    public const int CellSize = 224;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = 16;

    /// <summary>Height of one title line.</summary>
    public const int LineHeight = 20;

    /// <summary>Space between the titles and the image.</summary>
    public const int TitleGap = 4;

    /// <summary>Images per row before the grid wraps.</summary>
    public const int MaxColumns = 6;

    private const float FontSize = 14;

    /// <summary>The figure's size in pixels for <paramref name="tiles"/> images.</summary>
    public static (int Width, int Height) SizeFor(int tiles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tiles, 1);
        int columns = Math.Min(tiles, MaxColumns), rows = (tiles + MaxColumns - 1) / MaxColumns;
        return (Margin + columns * (CellSize + Margin), Margin + rows * (RowHeight + Margin));
    }

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(IReadOnlyList<ClassificationGridTile> tiles)
    {
        var (width, height) = SizeFor(tiles.Count);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, FontSize, LineHeight);
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var captionPaint = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        for (int i = 0; i < tiles.Count; i++)
        {
            float left = Margin + i % MaxColumns * (CellSize + Margin);
            float top = Margin + i / MaxColumns * (RowHeight + Margin);
            float centre = left + CellSize / 2f;
            canvas.DrawText(ReportFont.Fit(tiles[i].Title, font, CellSize), centre, ReportFont.Baseline(font, top, LineHeight), SKTextAlign.Center, font, titlePaint);
            canvas.DrawText(ReportFont.Fit(tiles[i].Caption, font, CellSize), centre, ReportFont.Baseline(font, top + LineHeight, LineHeight), SKTextAlign.Center, font, captionPaint);
            using var image = ToBitmap(tiles[i].Image);
            float scale = Math.Min(CellSize / (float)image.Width, CellSize / (float)image.Height);
            float w = image.Width * scale, h = image.Height * scale;
            float imageTop = top + 2 * LineHeight + TitleGap;
            using var skImage = SKImage.FromBitmap(image);
            canvas.DrawImage(skImage, SKRect.Create(left + (CellSize - w) / 2, imageTop + (CellSize - h) / 2, w, h), sampling);
        }
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, IReadOnlyList<ClassificationGridTile> tiles)
    {
        using var bitmap = Render(tiles);
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, png.SaveTo);
    }

    private static int RowHeight => 2 * LineHeight + TitleGap + CellSize;

    /// <summary>An RGB image as an opaque Skia bitmap.</summary>
    internal static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        int rowBytes = bitmap.RowBytes;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                int p = 3 * (y * image.Width + x), q = y * rowBytes + 4 * x;
                pixels[q] = rgb[p];
                pixels[q + 1] = rgb[p + 1];
                pixels[q + 2] = rgb[p + 2];
                pixels[q + 3] = 255;
            }
        return bitmap;
    }
}
