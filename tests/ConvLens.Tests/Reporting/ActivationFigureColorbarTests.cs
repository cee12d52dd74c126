using ConvLens.Imaging;
using ConvLens.Reporting;
using SkiaSharp;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class ActivationFigureColorbarTests
{
    [Theory]
    [InlineData(0, 7.648, new[] { 0.0, 2, 4, 6 })]
    [InlineData(0, 1, new[] { 0.0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(-1, 1, new[] { -1.0, -0.5, 0, 0.5, 1 })]
    [InlineData(0.013, 0.0171, new[] { 0.013, 0.014, 0.015, 0.016, 0.017 })]
    [InlineData(3, 3, new[] { 3.0 })]
    public void TicksAreRoundNumbersInsideTheRange(double minimum, double maximum, double[] expected)
    {
        var ticks = ActivationFigureColorbar.Ticks(minimum, maximum);
        Assert.Equal(expected.Length, ticks.Count);
        // Ticks are built by repeated addition: equal to the round numbers up to 1e-12.
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], ticks[i], 1e-12);
    }

    [Fact]
    public void TheBarRunsFromTheFirstColourAtTheBottomToTheLastAtTheTopBesideTheUntouchedPicture()
    {
        var pixels = new byte[200 * 150 * 3];
        new Random(1).NextBytes(pixels);
        var picture = new RgbImage(200, 150, pixels);
        using var figure = ActivationFigureColorbar.AppendTo(picture, Colormaps.Magma, 0, 10);

        Assert.Equal(150, figure.Height);
        for (int p = 0; p < 200 * 150; p += 997)
        {
            var (x, y) = (p % 200, p / 200);
            Assert.Equal(new SKColor(pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]), figure.GetPixel(x, y));
        }
        // The bar's column centre, a few pixels inside its ends (the frame is drawn on the edge).
        int column = Enumerable.Range(200, figure.Width - 200).First(x => figure.GetPixel(x, figure.Height / 2) != SKColors.White) + ActivationFigureColorbar.BarWidth / 2;
        var top = Enumerable.Range(0, figure.Height).First(y => figure.GetPixel(column, y) != SKColors.White);
        var bottom = Enumerable.Range(0, figure.Height).Last(y => figure.GetPixel(column, y) != SKColors.White);
        // About two colours per pixel: two pixels in from the frame lie within the first or last 8 entries.
        Assert.InRange(IndexOf(Colormaps.Magma, figure.GetPixel(column, top + 2)), 248, 255);
        Assert.InRange(IndexOf(Colormaps.Magma, figure.GetPixel(column, bottom - 2)), 0, 7);
    }

    private static int IndexOf(Colormap colormap, SKColor colour) =>
        Enumerable.Range(0, Colormap.Size).FirstOrDefault(i => colormap[i] == (colour.Red, colour.Green, colour.Blue), -1);
}
