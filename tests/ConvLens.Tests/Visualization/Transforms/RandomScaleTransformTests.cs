using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class RandomScaleTransformTests
{
    [Fact]
    public void LucidsScalesRunFromNinetyToOneHundredTenPercentInStepsOfTwo()
    {
        var scales = new RandomScaleTransform(0.9, 1.1).Scales;
        Assert.Equal(11, scales.Count);
        for (int i = 0; i < 11; i++) Assert.Equal(0.9 + 0.02 * i, scales[i], 12);
    }

    [Theory]
    [InlineData(224, 0.9, 201)]   // 201.6, truncated like Lucid's int cast
    [InlineData(240, 1.1, 264)]
    [InlineData(250, 0.94, 235)]  // 234.99999999999997 in double: rounding must not lose a pixel
    [InlineData(240, 1.0, 240)]
    public void TheOutputIsTheScaledSizeRoundedDown(int size, double scale, int expected)
    {
        Assert.Equal(expected, RandomScaleTransform.ScaledSize(size, scale));
        Assert.Equal((3, expected, expected), RandomScaleTransform.ForScale(3, size, size, scale).OutputSize);
    }

    [Fact]
    public void ScaleOneIsTheIdentityAndAConstantImageStaysConstant()
    {
        var random = new Random(1);
        var input = new ImageBuffer(ImageMapChecks.Uniform(random, 3 * 8 * 10), 3, 8, 10);
        var same = ImageBuffer.Zeros(3, 8, 10);
        RandomScaleTransform.ForScale(3, 8, 10, 1.0).Forward(input, same);
        Assert.Equal(input.Data, same.Data);

        foreach (double scale in new[] { 0.9, 1.1, 1.5 })
        {
            var step = RandomScaleTransform.ForScale(1, 8, 10, scale);
            var (_, h, w) = step.OutputSize;
            var output = ImageBuffer.Zeros(1, h, w);
            step.Forward(new ImageBuffer(Enumerable.Repeat(0.7f, 80).ToArray(), 1, 8, 10), output);
            // Bilinear weights sum to 1 (up to float rounding, 1e-6).
            Assert.All(output.Data, v => Assert.Equal(0.7, v, 6));
        }
    }

    [Fact]
    public void UpscalingInterpolatesBetweenPixelCentres()
    {
        // A 1x2 ramp (0, 1) doubled to 1x4: centres at source −0.25, 0.25, 0.75, 1.25, clamped at the ends.
        var step = RandomScaleTransform.ForScale(1, 1, 2, 2.0);
        var output = ImageBuffer.Zeros(1, 2, 4);
        step.Forward(new ImageBuffer([0f, 1f], 1, 1, 2), output);
        Assert.Equal(new[] { 0f, 0.25f, 0.75f, 1f, 0f, 0.25f, 0.75f, 1f }, output.Data);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(0.94)]
    [InlineData(1.06)]
    [InlineData(1.1)]
    [InlineData(0.5)]
    public void BackwardIsTheExactAdjointAndMatchesFiniteDifferences(double scale)
    {
        var step = RandomScaleTransform.ForScale(3, 17, 13, scale);
        ImageMapChecks.CheckStepAdjoint(step, (3, 17, 13), seed: 1);
        ImageMapChecks.CheckStepFiniteDifferences(step, (3, 17, 13), seed: 2);
    }

    [Fact]
    public void SamplingIsDeterministicForASeedAndCoversTheScales()
    {
        var transform = new RandomScaleTransform(0.9, 1.1);
        int[] Heights(int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, 200).Select(_ => transform.Sample(1, 100, 100, random).OutputSize.Height).ToArray();
        }
        Assert.Equal(Heights(4), Heights(4));
        // 200 draws from 11 scales: each is missed with probability (10/11)^200 ≈ 5e-9.
        Assert.Equal(Enumerable.Range(0, 11).Select(i => 90 + 2 * i), Heights(4).Distinct().Order());
    }

    [Theory]
    [InlineData(1.1, 0.9, 0.02)]
    [InlineData(0, 1.1, 0.02)]
    [InlineData(0.9, 1.1, 0.03)]
    public void ABadRangeIsAUserError(double minimum, double maximum, double step)
    {
        Assert.Throws<ConvLensException>(() => new RandomScaleTransform(minimum, maximum, step));
    }
}
