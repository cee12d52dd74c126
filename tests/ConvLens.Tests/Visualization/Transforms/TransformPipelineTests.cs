using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class TransformPipelineTests
{
    [Fact]
    public void LucidsPipelineTurnsA224ImageIntoTheScaledSizeMinusFour()
    {
        var pipeline = StandardTransforms.Lucid();
        var random = new Random(3);
        var sizes = new HashSet<int>();
        for (int i = 0; i < 300; i++)
        {
            var (c, h, w) = pipeline.Sample(3, 224, 224, random).OutputSize;
            Assert.Equal(3, c);
            Assert.Equal(h, w);
            sizes.Add(h);
        }
        // pad 12 → 248, jitter 8 → 240, scale s → ⌊240 s⌋, rotate keeps it, jitter 4 → ⌊240 s⌋ − 4.
        var expected = Enumerable.Range(0, 11).Select(i => RandomScaleTransformTestsSize(0.9 + 0.02 * i)).ToHashSet();
        Assert.Subset(expected, sizes);
        Assert.Contains(212, sizes);
        Assert.Contains(260, sizes);
    }

    private static int RandomScaleTransformTestsSize(double scale) => (int)Math.Floor(scale * 240 + 1e-6) - 4;

    [Fact]
    public void BackwardIsTheExactAdjointOfTheLinearPartAndMatchesFiniteDifferences()
    {
        var pipeline = StandardTransforms.Lucid();
        for (int seed = 1; seed <= 4; seed++)
        {
            var step = pipeline.Sample(3, 30, 26, new Random(seed));
            ImageMapChecks.CheckStepAdjoint(step, (3, 30, 26), seed);
            ImageMapChecks.CheckStepFiniteDifferences(step, (3, 30, 26), seed);
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameOutput()
    {
        var input = new ImageBuffer(ImageMapChecks.Uniform(new Random(9), 3 * 40 * 40), 3, 40, 40);
        float[] Run(int seed)
        {
            var step = StandardTransforms.Lucid().Sample(3, 40, 40, new Random(seed));
            var (c, h, w) = step.OutputSize;
            var output = ImageBuffer.Zeros(c, h, w);
            step.Forward(input, output);
            return output.Data;
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));
    }

    [Fact]
    public void AnEmptyPipelineIsTheIdentity()
    {
        var step = TransformPipeline.None.Sample(2, 3, 4, new Random(1));
        Assert.Equal((2, 3, 4), step.OutputSize);
        var input = new ImageBuffer(Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), 2, 3, 4);
        var output = ImageBuffer.Zeros(2, 3, 4);
        step.Forward(input, output);
        Assert.Equal(input.Data, output.Data);
        var gradient = ImageBuffer.Zeros(2, 3, 4);
        step.Backward(output, gradient);
        Assert.Equal(input.Data, gradient.Data);
    }
}
