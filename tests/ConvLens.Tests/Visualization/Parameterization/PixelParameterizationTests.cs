using ConvLens.Visualization;
using ConvLens.Visualization.Parameterization;
using Xunit;

namespace ConvLens.Tests.Visualization.Parameterization;

public class PixelParameterizationTests
{
    [Fact]
    public void RendersTheParametersAndPassesTheGradientThrough()
    {
        var parameterization = new PixelParameterization(3, 5, 4, new Random(1));
        var image = ParameterizationChecks.Render(parameterization);
        Assert.Equal(parameterization.Parameters, image.Data);

        var imageGradient = new ImageBuffer(Enumerable.Range(0, 60).Select(i => (float)i).ToArray(), 3, 5, 4);
        var gradient = new float[60];
        parameterization.Backward(imageGradient, gradient);
        Assert.Equal(imageGradient.Data, gradient);
    }

    [Fact]
    public void BackwardIsTheExactAdjointAndMatchesFiniteDifferences()
    {
        ParameterizationChecks.CheckAdjoint(new PixelParameterization(3, 7, 6, new Random(2)), 2);
        ParameterizationChecks.CheckFiniteDifferences(new PixelParameterization(3, 7, 6, new Random(3)), 3);
    }

    [Fact]
    public void StartsFromLucidsNoiseAndIsDeterministic()
    {
        var first = new PixelParameterization(3, 32, 32, new Random(4));
        double sd = Math.Sqrt(first.Parameters.Average(v => (double)v * v));
        // 3072 normal draws: the sample sd is within ~1.3% of 0.01 (one standard error); allow 5%.
        Assert.InRange(sd, 0.0095, 0.0105);
        Assert.Equal(first.Parameters, new PixelParameterization(3, 32, 32, new Random(4)).Parameters);
        Assert.NotEqual(first.Parameters, new PixelParameterization(3, 32, 32, new Random(5)).Parameters);
    }
}
