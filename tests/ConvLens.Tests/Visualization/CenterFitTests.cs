using ConvLens.Visualization;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class CenterFitTests
{
    [Theory]
    [InlineData(5, 7, 9, 9)]   // padded on every side
    [InlineData(12, 10, 8, 8)] // cropped
    [InlineData(6, 11, 9, 4)]  // padded one way, cropped the other
    public void BackwardIsTheAdjointOfForward(int h, int w, int height, int width)
    {
        var random = new Random(h * 100 + w);
        var fit = new CenterFit(3, h, w, height, width, fill: 0);
        var x = new ImageBuffer(TestModels.RandomNormal(random, 3 * h * w), 3, h, w);
        var y = new ImageBuffer(TestModels.RandomNormal(random, 3 * height * width), 3, height, width);
        var fx = ImageBuffer.Zeros(3, height, width);
        var fty = ImageBuffer.Zeros(3, h, w);
        fit.Forward(x, fx);
        fit.Backward(y, fty);
        // <F x, y> = <x, Fᵀ y>: both sums add the same products in another order; 1e-9 in double is exact enough.
        double left = fx.Data.Zip(y.Data).Sum(p => (double)p.First * p.Second);
        double right = x.Data.Zip(fty.Data).Sum(p => (double)p.First * p.Second);
        Assert.Equal(left, right, 1e-9 * (1 + Math.Abs(left)));
    }

    [Fact]
    public void CentresTheInputAndFillsTheRest()
    {
        var fit = new CenterFit(1, 2, 2, 4, 4, fill: 0.5f);
        var output = ImageBuffer.Zeros(1, 4, 4);
        fit.Forward(new ImageBuffer([1, 2, 3, 4], 1, 2, 2), output);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 1, 2, 0.5f, 0.5f, 3, 4, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f], output.Data);
    }
}
