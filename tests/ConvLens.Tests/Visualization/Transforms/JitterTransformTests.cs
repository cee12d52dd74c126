using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class JitterTransformTests
{
    [Fact]
    public void CropsAmountPixelsLikeLucidAtOffsetsFromZeroToAmountInclusive()
    {
        var jitter = new JitterTransform(3);
        var random = new Random(17);
        var tops = new HashSet<int>();
        var lefts = new HashSet<int>();
        for (int i = 0; i < 400; i++)
        {
            var step = (JitterTransform.Step)jitter.Sample(1, 10, 12, random);
            Assert.Equal((1, 7, 9), step.OutputSize);
            tops.Add(step.Top);
            lefts.Add(step.Left);
        }
        // 400 draws from 4 values: each value is missed with probability (3/4)^400 ≈ 1e-50.
        Assert.Equal(new[] { 0, 1, 2, 3 }, tops.Order());
        Assert.Equal(new[] { 0, 1, 2, 3 }, lefts.Order());
    }

    [Fact]
    public void TheOutputIsTheWindowAtTheDrawnOffset()
    {
        var step = (JitterTransform.Step)new JitterTransform(2).Sample(2, 5, 6, new Random(3));
        var input = new ImageBuffer(Enumerable.Range(0, 60).Select(i => (float)i).ToArray(), 2, 5, 6);
        var output = ImageBuffer.Zeros(2, 3, 4);
        step.Forward(input, output);
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++)
                    Assert.Equal(input.Data[(c * 5 + y + step.Top) * 6 + x + step.Left], output.Data[(c * 3 + y) * 4 + x]);
    }

    [Fact]
    public void BackwardIsTheExactAdjointAndMatchesFiniteDifferences()
    {
        for (int seed = 1; seed <= 4; seed++)
        {
            var step = new JitterTransform(4).Sample(3, 11, 9, new Random(seed));
            ImageMapChecks.CheckStepAdjoint(step, (3, 11, 9), seed);
            ImageMapChecks.CheckStepFiniteDifferences(step, (3, 11, 9), seed);
        }
    }

    [Fact]
    public void AnImageNoLargerThanTheJitterIsAUserError()
    {
        var error = Assert.Throws<ConvLensException>(() => new JitterTransform(8).Sample(3, 8, 20, new Random(1)));
        Assert.Contains("jitter:8", error.Message);
    }
}
