using ConvLens.Imaging;
using ConvLens.Visualization;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class VisualizationAtlasTests
{
    private static RgbImage Solid(int size, byte r, byte g, byte b)
    {
        var pixels = new byte[size * size * 3];
        for (int p = 0; p < size * size; p++) (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = (r, g, b);
        return new RgbImage(size, size, pixels);
    }

    [Fact]
    public void TilesSitInAGridUnderLegibleLabelsThatStayInsideTheirCells()
    {
        var tiles = Enumerable.Range(0, 5).Select(i => new AtlasTile(Solid(64, (byte)(40 * i), 200, 90),
            i == 4 ? "a_really_long_layer_name_that_cannot_fit:123456" : $"block3_conv2:{i}", $"objective {i * 1.5:G4}")).ToList();
        using var bitmap = VisualizationAtlas.Render(tiles);

        Assert.Equal(VisualizationAtlas.SizeFor(5, 64), (bitmap.Width, bitmap.Height));
        var (columns, rows, cell) = VisualizationAtlas.Layout(5, 64);
        Assert.Equal((3, 2, VisualizationAtlas.MinCellSize), (columns, rows, cell));
        var inside = new bool[bitmap.Width, bitmap.Height];
        for (int i = 0; i < tiles.Count; i++)
        {
            var (title, caption, image) = VisualizationAtlas.TileBounds(i, tiles.Count, 64);
            // The 64-pixel image is scaled to the 128-pixel cell: its centre shows the tile's colour exactly.
            var centre = bitmap.GetPixel((int)image.MidX, (int)image.MidY);
            Assert.Equal(new SKColor((byte)(40 * i), 200, 90), centre);
            Assert.True(DarkPixels(bitmap, title) > 20, $"tile {i}'s title line has no text");
            Assert.True(DarkPixels(bitmap, caption) > 20, $"tile {i}'s caption line has no text");
            foreach (var box in new[] { title, caption, image })
                for (int y = (int)box.Top; y < (int)box.Bottom; y++)
                    for (int x = (int)box.Left; x < (int)box.Right; x++) inside[x, y] = true;
        }
        // Nothing is drawn outside the cells: long labels are shortened (measured), never spill into a neighbour.
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                if (!inside[x, y]) Assert.Equal(SKColors.White, bitmap.GetPixel(x, y));
    }

    [Fact]
    public void WritesAPngAtomically()
    {
        var folder = TestFiles.TempFolder();
        var path = Path.Combine(folder, "atlas.png");
        VisualizationAtlas.Write(path, [new AtlasTile(Solid(300, 10, 20, 30), "conv1:0", "objective 1")]);
        using var decoded = SKBitmap.Decode(path);
        // One 300-pixel image is scaled down to the widest cell.
        Assert.Equal(VisualizationAtlas.SizeFor(1, 300), (decoded.Width, decoded.Height));
        Assert.Equal(VisualizationAtlas.Margin * 2 + VisualizationAtlas.MaxCellSize, decoded.Width);
        Assert.Single(Directory.GetFiles(folder));
    }

    private static int DarkPixels(SKBitmap bitmap, SKRect box)
    {
        int count = 0;
        for (int y = (int)box.Top; y < (int)box.Bottom; y++)
            for (int x = (int)box.Left; x < (int)box.Right; x++)
                if (bitmap.GetPixel(x, y).Red < 128) count++;
        return count;
    }
}
