using ConvLens.Visualization.Parameterization;
using Xunit;

namespace ConvLens.Tests.Visualization.Parameterization;

public class DecorrelatedColorParameterizationTests
{
    [Fact]
    public void TheColourMatrixIsLucidsDividedByItsLargestColumnNorm()
    {
        var m = DecorrelatedColorParameterization.ColorMatrix;
        // Largest column: (0.26, 0.27, 0.27), norm sqrt(0.2134) = 0.46195.
        Assert.Equal(0.26 / Math.Sqrt(0.2134), m[0], 5);
        Assert.Equal(-0.05 / Math.Sqrt(0.2134), m[5], 5);
        double largest = Enumerable.Range(0, 3).Max(c => Math.Sqrt(m[c] * m[c] + m[3 + c] * m[3 + c] + m[6 + c] * m[6 + c]));
        Assert.Equal(1.0, largest, 6);
    }

    [Fact]
    public void EachPixelIsTheMatrixTimesTheDecorrelatedComponents()
    {
        var inner = new PixelParameterization(3, 1, 2, new Random(1));
        // Pixel 0: only the first (brightness-like) component; pixel 1: only the third.
        float[] components = [1f, 0f, 0f, 0f, 0f, 2f];
        components.CopyTo(inner.Parameters, 0);
        var image = ParameterizationChecks.Render(new DecorrelatedColorParameterization(inner));
        var m = DecorrelatedColorParameterization.ColorMatrix;
        for (int rgb = 0; rgb < 3; rgb++)
        {
            // Three float products: exact to float rounding (1e-6 on values ≤ 0.6).
            Assert.Equal(m[rgb * 3], image.Data[rgb * 2], 6);
            Assert.Equal(2 * m[rgb * 3 + 2], image.Data[rgb * 2 + 1], 6);
        }
    }

    [Fact]
    public void BackwardIsTheExactAdjointAndMatchesFiniteDifferences()
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            ParameterizationChecks.CheckAdjoint(new DecorrelatedColorParameterization(new PixelParameterization(3, 5, 7, new Random(seed))), seed);
            ParameterizationChecks.CheckFiniteDifferences(new DecorrelatedColorParameterization(new FourierParameterization(3, 8, 6, new Random(seed))), seed);
        }
    }

    [Fact]
    public void NeedsThreeChannels()
    {
        var error = Assert.Throws<ConvLensException>(() => new DecorrelatedColorParameterization(new PixelParameterization(1, 4, 4, new Random(1))));
        Assert.Contains("3-channel", error.Message);
    }
}
