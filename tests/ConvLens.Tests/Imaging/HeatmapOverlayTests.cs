using ConvLens.Imaging;
using Xunit;

namespace ConvLens.Tests.Imaging;

public sealed class HeatmapOverlayTests
{
    [Theory]
    [InlineData(37, 91)]
    [InlineData(300, 20)]
    [InlineData(1, 1)]
    [InlineData(224, 224)]
    public void TheOverlayHasThePicturesSizeWhateverItsAspect(int width, int height)
    {
        var image = Solid(width, height, 10, 20, 30);
        var overlay = HeatmapOverlay.Blend(image, [0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal((width, height), (overlay.Width, overlay.Height));
    }

    [Fact]
    public void FullAlphaShowsTheColormapWithTheMapsCornersOnThePicturesCorners()
    {
        var image = Solid(40, 25, 200, 200, 200);
        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Viridis, Alpha = 1 };
        // Minimum at the top-left, maximum at the bottom-right: corner-aligned upsampling keeps them there.
        var overlay = HeatmapOverlay.Blend(image, [0, 1, 2, 3, 4, 5], 2, 3, style);
        Assert.Equal(Colormaps.Viridis[0], overlay[0, 0]);
        Assert.Equal(Colormaps.Viridis[255], overlay[39, 24]);
        // Input (0, 2) holds 2 of 0..5: index floor(0.4 · 256) = 102.
        Assert.Equal(Colormaps.Viridis[102], overlay[39, 0]);
    }

    [Fact]
    public void AlphaBlendsTheColourWithThePicture()
    {
        var image = Solid(4, 4, 100, 0, 255);
        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Gray, Alpha = 0.25, Minimum = 0, Maximum = 1 };
        var overlay = HeatmapOverlay.Blend(image, [1, 1, 1, 1], 2, 2, style);
        // 0.75 · (100, 0, 255) + 0.25 · (255, 255, 255), rounded.
        Assert.Equal(((byte)139, (byte)64, (byte)255), overlay[2, 2]);
        Assert.Equal(image.Pixels, HeatmapOverlay.Blend(image, [1, 1, 1, 1], 2, 2, style with { Alpha = 0 }).Pixels);
    }

    [Fact]
    public void AFlatMapTakesTheFirstColourAndNaNLeavesThePictureAlone()
    {
        var image = Solid(3, 3, 9, 9, 9);
        var style = new HeatmapOverlayStyle { Colormap = Colormaps.Jet, Alpha = 1 };
        var flat = HeatmapOverlay.Blend(image, [5, 5, 5, 5], 2, 2, style);
        Assert.All(Enumerable.Range(0, 9), p => Assert.Equal(Colormaps.Jet[0], flat[p % 3, p / 3]));
        var withNaN = HeatmapOverlay.Blend(image, [float.NaN], 1, 1, style);
        Assert.Equal(image.Pixels, withNaN.Pixels);
    }

    [Fact]
    public void ACentreCropCoversOnlyTheMiddleOfAWidePicture()
    {
        var image = Solid(300, 100, 0, 0, 0);
        var region = HeatmapOverlay.RegionFor(image, 50, 50, ResizeMode.ShorterSideCenterCrop);
        Assert.Equal((100, 0, 100, 100), region);
        var overlay = HeatmapOverlay.Blend(image, [1], 1, 1, new HeatmapOverlayStyle { Colormap = Colormaps.Gray, Alpha = 1, Minimum = 0, Maximum = 1 }, region);
        Assert.Equal(((byte)0, (byte)0, (byte)0), overlay[99, 50]);
        Assert.Equal(((byte)255, (byte)255, (byte)255), overlay[100, 50]);
        Assert.Equal(((byte)255, (byte)255, (byte)255), overlay[199, 50]);
        Assert.Equal(((byte)0, (byte)0, (byte)0), overlay[200, 50]);
        Assert.Equal((0, 0, 300, 100), HeatmapOverlay.RegionFor(image, 50, 50, ResizeMode.Stretch));
    }

    [Fact]
    public void BadStylesAreClearErrors()
    {
        var image = Solid(2, 2, 0, 0, 0);
        Assert.Throws<ConvLensException>(() => HeatmapOverlay.Blend(image, [1], 1, 1, new HeatmapOverlayStyle { Alpha = 1.5 }));
        Assert.Throws<ConvLensException>(() => HeatmapOverlay.Blend(image, [1], 1, 1, new HeatmapOverlayStyle { Maximum = double.NaN }));
    }

    private static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (int p = 0; p < width * height; p++) (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = (r, g, b);
        return new RgbImage(width, height, pixels);
    }
}
