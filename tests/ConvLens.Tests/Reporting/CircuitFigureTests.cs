using ConvLens.Imaging;
using ConvLens.Reporting;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class CircuitFigureTests
{
    [Theory]
    [InlineData(3, 6)]
    [InlineData(3, 12)]
    [InlineData(7, 12)]
    [InlineData(1, 12)]
    public void KernelsAboveVisualizationsWithNoOverlappingText(int kernel, int top)
    {
        var analysis = KernelFigureTests.Analysis(kernel, inputs: 16, seed: top + kernel, top: top);
        var images = analysis.TopSlices.Select(s => (RgbImage?)Solid(s.InputChannel)).ToList();

        var layout = CircuitFigure.Layout(analysis, images);

        KernelFigureLayoutChecks.AssertLegible(layout, expectedPanels: top);
        for (int p = 0; p < top; p++)
        {
            var image = layout.Images[p]!.Value;
            Assert.True(image.Top > layout.Heatmaps[p].Bottom, "each visualization sits under its kernel");
            Assert.Equal(layout.Heatmaps[p].MidX, image.MidX, 0.5);
            var caption = layout.Texts.Single(t => t.Panel == p && t.Role == KernelFigureTextRole.ImageCaption);
            Assert.Equal($"input:{analysis.TopSlices[p].InputChannel}", caption.Text);
            Assert.True(caption.Bounds.Top >= image.Bottom);
        }
        // Twelve panels wrap into two rows of six: kernel, image, kernel, image from top to bottom.
        if (top == 12) Assert.True(layout.Heatmaps[6].Top > layout.Images[0]!.Value.Bottom);
    }

    [Fact]
    public void EachVisualizationIsDrawnInItsPlace()
    {
        var analysis = KernelFigureTests.Analysis(3, inputs: 8, seed: 2);
        var images = analysis.TopSlices.Select(s => (RgbImage?)Solid(s.InputChannel)).ToList();

        using var bitmap = CircuitFigure.Render(analysis, images);

        var layout = CircuitFigure.Layout(analysis, images);
        for (int p = 0; p < images.Count; p++)
        {
            var r = layout.Images[p]!.Value;
            var (red, green, blue) = images[p]![0, 0];
            Assert.Equal(new SKColor(red, green, blue), bitmap.GetPixel((int)r.MidX, (int)r.MidY));
        }
    }

    [Fact]
    public void TheInputImageHasNoVisualizationAndThePanelsStayLegible()
    {
        var analysis = KernelFigureTests.Analysis(3, inputs: 8, seed: 2);
        var images = analysis.TopSlices.Select(_ => (RgbImage?)null).ToList();

        var layout = CircuitFigure.Layout(analysis, images);

        Assert.All(layout.Images, r => Assert.Null(r));
        KernelFigureLayoutChecks.AssertLegible(layout, expectedPanels: 6);
        Assert.Throws<ArgumentException>(() => CircuitFigure.Layout(analysis, images.Take(2).ToList()));
    }

    /// <summary>A solid 16×16 image whose colour encodes <paramref name="channel"/>.</summary>
    internal static RgbImage Solid(int channel)
    {
        var pixels = new byte[16 * 16 * 3];
        for (int i = 0; i < 16 * 16; i++) (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = ((byte)(20 * channel % 256), (byte)(255 - 7 * channel), 90);
        return new RgbImage(16, 16, pixels);
    }
}
