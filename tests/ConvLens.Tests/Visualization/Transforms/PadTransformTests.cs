using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class PadTransformTests
{
    [Fact]
    public void GrowsTheImageWithTheFillAroundAnUnchangedCentre()
    {
        var step = new PadTransform(2).Sample(2, 3, 4, new Random(1));
        Assert.Equal((2, 7, 8), step.OutputSize);
        var input = new ImageBuffer(Enumerable.Range(1, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        var output = ImageBuffer.Zeros(2, 7, 8);
        step.Forward(input, output);
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 7; y++)
                for (int x = 0; x < 8; x++)
                {
                    bool inside = y >= 2 && y < 5 && x >= 2 && x < 6;
                    float expected = inside ? input.Data[(c * 3 + y - 2) * 4 + x - 2] : 0.5f;
                    Assert.Equal(expected, output.Data[(c * 7 + y) * 8 + x]);
                }
    }

    [Fact]
    public void BackwardIsTheExactAdjointOfTheLinearPartAndMatchesFiniteDifferences()
    {
        var size = (3, 9, 6);
        var step = new PadTransform(4, 0.25f).Sample(3, 9, 6, new Random(1));
        ImageMapChecks.CheckStepAdjoint(step, size, seed: 1);
        ImageMapChecks.CheckStepFiniteDifferences(step, size, seed: 2);
    }

    [Fact]
    public void NegativePaddingIsAUserError()
    {
        Assert.Contains("pad:-1", Assert.Throws<ConvLensException>(() => new PadTransform(-1)).Message);
    }
}
