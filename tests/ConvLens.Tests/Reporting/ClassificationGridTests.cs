using ConvLens.Imaging;
using ConvLens.Reporting;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class ClassificationGridTests
{
    [Theory]
    // Width: 16 + columns × (224 + 16). Height: 16 + rows × (2 × 20 + 4 + 224 + 16).
    [InlineData(1, 256, 300)]
    [InlineData(3, 736, 300)]
    [InlineData(6, 1456, 300)]
    [InlineData(7, 1456, 584)]
    public void TheFigureSizeFollowsTheLayout(int tiles, int width, int height) =>
        Assert.Equal((width, height), ClassificationGrid.SizeFor(tiles));

    [Fact]
    public void EachImageIsDrawnInItsCell()
    {
        var tiles = new[]
        {
            new ClassificationGridTile(Solid(0xff, 0, 0, 32, 32), "tabby", "red.png"),
            new ClassificationGridTile(Solid(0, 0, 0xff, 64, 32), "toilet tissue", "blue.png"),
        };

        using var bitmap = ClassificationGrid.Render(tiles);

        int imageTop = 16 + 2 * 20 + 4;
        Assert.Equal(new SKColor(0xff, 0, 0), bitmap.GetPixel(16 + 112, imageTop + 112));
        Assert.Equal(new SKColor(0, 0, 0xff), bitmap.GetPixel(16 + 240 + 112, imageTop + 112));
        // The 2:1 blue image is scaled to 224 × 112 and centred: white above it.
        Assert.Equal(SKColors.White, bitmap.GetPixel(16 + 240 + 112, imageTop + 20));
    }

    [Fact]
    public void LongTitlesAreShortenedAndNeverReachTheNeighbouringCell()
    {
        var title = string.Concat(Enumerable.Repeat("great white shark, man-eater ", 8));
        var tiles = Enumerable.Range(0, 3).Select(i => new ClassificationGridTile(Solid(0x80, 0x80, 0x80, 8, 8), title, title + ".png")).ToList();

        using var bitmap = ClassificationGrid.Render(tiles);

        // The gaps between cells, across both title lines, stay white: no text runs into a neighbour.
        for (int gap = 0; gap < 2; gap++)
            for (int x = 16 + 224 + gap * 240; x < 16 + 240 + gap * 240; x++)
                for (int y = 0; y < 16 + 40; y++)
                    Assert.Equal(SKColors.White, bitmap.GetPixel(x, y));
        // And the title band of a cell does have text in it.
        bool inked = false;
        for (int x = 16; x < 240 && !inked; x++)
            for (int y = 16; y < 36 && !inked; y++)
                inked = bitmap.GetPixel(x, y).Red < 128;
        Assert.True(inked, "the first title line should be drawn");
    }

    [Fact]
    public void FitShortensWithAnEllipsisToTheWidth()
    {
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, 14, 20);
        var text = string.Concat(Enumerable.Repeat("wide text ", 40));

        var fitted = ReportFont.Fit(text, font, 224);

        Assert.EndsWith("...", fitted);
        Assert.True(font.MeasureText(fitted) <= 224, $"'{fitted}' measures {font.MeasureText(fitted)} px");
        Assert.Equal("tabby", ReportFont.Fit("tabby", font, 224));
    }

    [Fact]
    public void TheFontFitsItsLineHeight()
    {
        using var typeface = ReportFont.Load();
        using var font = ReportFont.ForLineHeight(typeface, 40, 20);
        font.GetFontMetrics(out var metrics);
        Assert.True(metrics.Descent - metrics.Ascent <= 20, $"ascent {metrics.Ascent}, descent {metrics.Descent}");
    }

    [Fact]
    public void WriteProducesADecodablePng()
    {
        var path = Path.Combine(TestFiles.TempFolder(), "grid.png");

        ClassificationGrid.Write(path, [new ClassificationGridTile(Solid(0, 0xff, 0, 16, 16), "goldfish", "green.png")]);

        using var decoded = SKBitmap.Decode(path);
        Assert.Equal((256, 300), (decoded.Width, decoded.Height));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    private static RgbImage Solid(byte r, byte g, byte b, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++) (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = (r, g, b);
        return new RgbImage(width, height, pixels);
    }
}
