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
    public const int CellSize = TitledImageGrid.CellSize;

    /// <summary>Space around and between cells.</summary>
    public const int Margin = TitledImageGrid.Margin;

    /// <summary>Height of one title line.</summary>
    public const int LineHeight = TitledImageGrid.LineHeight;

    /// <summary>Space between the titles and the image.</summary>
    public const int TitleGap = TitledImageGrid.TitleGap;

    /// <summary>Images per row before the grid wraps.</summary>
    public const int MaxColumns = 6;

    /// <summary>The figure's size in pixels for <paramref name="tiles"/> images.</summary>
    public static (int Width, int Height) SizeFor(int tiles) => TitledImageGrid.SizeFor(tiles, MaxColumns);

    /// <summary>Draws the figure.</summary>
    public static SKBitmap Render(IReadOnlyList<ClassificationGridTile> tiles)
    {
        var (width, height) = SizeFor(tiles.Count);
        var (bitmap, canvas, typeface, font) = TitledImageGrid.Begin(width, height);
        using (canvas)
        using (typeface)
        using (font)
            TitledImageGrid.Draw(canvas, font, 0, MaxColumns, tiles.Select(t => (t.Title, t.Caption, t.Image)).ToArray());
        return bitmap;
    }

    /// <summary>Draws the figure and writes it as a PNG, atomically.</summary>
    public static void Write(string path, IReadOnlyList<ClassificationGridTile> tiles)
    {
        using var bitmap = Render(tiles);
        ImageWriter.SavePng(bitmap, path);
    }
}
