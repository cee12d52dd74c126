using ConvLens.Imaging;
using ConvLens.Reporting;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class TopImagesFigureTests
{
    [Fact]
    public void TheFigureIsARowOfCellsUnderAHeadingWrappingAfterFive()
    {
        // 16 + 5 × (224 + 16) wide; 16 + 20 (heading) + 16, then per row 2 × 20 + 4 + 224 and 16.
        Assert.Equal((1216, 336), TopImagesFigure.SizeFor(5));
        Assert.Equal((496, 336), TopImagesFigure.SizeFor(2));
        Assert.Equal((1216, 620), TopImagesFigure.SizeFor(7));
    }

    [Fact]
    public void EachImageShowsItsMapInCoolwarmAtHalfOpacity()
    {
        // A grey picture at the cell size (drawn 1:1) and a map rising from left to right.
        var grey = new RgbImage(224, 224, Enumerable.Repeat((byte)128, 224 * 224 * 3).ToArray());
        var map = new float[4 * 4];
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) map[y * 4 + x] = x;
        var tile = new TopImagesFigureTile(grey, map, 4, 4, "#1 tabby (93%)", "L2 norm 12.5 · cat.jpg");

        var overlay = TopImagesFigure.Overlay(tile);
        using var figure = TopImagesFigure.Render("edges channel 0: top 1 of 7 images by L2 norm", [tile]);

        var cool = Colormaps.Coolwarm[0];
        var warm = Colormaps.Coolwarm[255];
        // (1 − 0.5) · 128 + 0.5 · colour, rounded: the map's minimum takes coolwarm's first colour, its maximum the last.
        byte Mix(byte c) => (byte)Math.Round(64 + 0.5 * c);
        Assert.Equal((Mix(cool.R), Mix(cool.G), Mix(cool.B)), overlay[0, 100]);
        Assert.Equal((Mix(warm.R), Mix(warm.G), Mix(warm.B)), overlay[223, 100]);
        // The cell's image starts below the heading and two title lines: x 16, y 16 + 20 + 16 + 2 × 20 + 4.
        foreach (var (x, y) in new[] { (0, 100), (223, 100), (111, 5) })
        {
            var pixel = figure.GetPixel(16 + x, 96 + y);
            Assert.Equal(overlay[x, y], (pixel.Red, pixel.Green, pixel.Blue));
        }
        // The heading and titles are drawn: dark pixels in the heading line and in the title lines.
        Assert.True(DarkPixels(figure, 16, 16, 400, 20) > 50, "the heading is missing");
        Assert.True(DarkPixels(figure, 16, 52, 224, 40) > 50, "the titles are missing");
    }

    [Fact]
    public void WriteSavesAPngOfTheFigure()
    {
        var path = Path.Combine(TestFiles.TempFolder(), "figures", "top.png");
        var image = new RgbImage(40, 30, new byte[40 * 30 * 3]);
        var tiles = Enumerable.Range(0, 3).Select(i => new TopImagesFigureTile(image, new float[9], 3, 3, $"#{i + 1}", "mean 0")).ToArray();
        TopImagesFigure.Write(path, "heading", tiles);
        using var png = SKBitmap.Decode(path);
        Assert.Equal(TopImagesFigure.SizeFor(3), (png.Width, png.Height));
    }

    private static int DarkPixels(SKBitmap bitmap, int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < top + height; y++)
            for (int x = left; x < left + width; x++)
                if (bitmap.GetPixel(x, y).Red < 100) count++;
        return count;
    }
}
