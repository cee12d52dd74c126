using ConvLens.Visualization.Parameterization;
using Xunit;

namespace ConvLens.Tests.Visualization.Parameterization;

public class SigmoidParameterizationTests
{
    [Fact]
    public void SquashesEveryValueIntoTheUnitInterval()
    {
        var inner = new PixelParameterization(3, 4, 4, new Random(1));
        var parameterization = new SigmoidParameterization(inner);
        float[] raw = [-30f, -2f, 0f, 0.5f, 2f, 30f];
        raw.CopyTo(inner.Parameters, 0);
        var image = ParameterizationChecks.Render(parameterization);
        for (int i = 0; i < raw.Length; i++)
        {
            // MathF.Exp in float: agrees with the double logistic to a few ulps of values ≤ 1.
            Assert.Equal(1.0 / (1.0 + Math.Exp(-raw[i])), image.Data[i], 6);
            Assert.InRange(image.Data[i], 0f, 1f);
        }
        Assert.Same(inner.Parameters, parameterization.Parameters);
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        // Parameters up to ±3 exercise the curved part of the sigmoid, not just its linear middle.
        for (int seed = 1; seed <= 3; seed++)
            ParameterizationChecks.CheckFiniteDifferences(new SigmoidParameterization(new PixelParameterization(3, 6, 5, new Random(seed))), seed, scale: 3);
    }
}
