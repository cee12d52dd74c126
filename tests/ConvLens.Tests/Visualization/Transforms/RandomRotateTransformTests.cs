using ConvLens.Visualization;
using ConvLens.Visualization.Transforms;
using Xunit;

namespace ConvLens.Tests.Visualization.Transforms;

public class RandomRotateTransformTests
{
    [Fact]
    public void LucidsAnglesAreWholeDegreesWithZeroSixTimesAsLikely()
    {
        var angles = new RandomRotateTransform(10).AnglesDegrees;
        Assert.Equal(26, angles.Count);
        Assert.Equal(6, angles.Count(a => a == 0));
        Assert.Equal(Enumerable.Range(-10, 21).Select(a => (double)a), angles.Distinct().Order());
    }

    [Fact]
    public void ZeroDegreesIsTheIdentity()
    {
        var input = new ImageBuffer(ImageMapChecks.Uniform(new Random(1), 3 * 6 * 9), 3, 6, 9);
        var output = ImageBuffer.Zeros(3, 6, 9);
        RandomRotateTransform.ForAngle(3, 6, 9, 0).Forward(input, output);
        Assert.Equal(input.Data, output.Data);
    }

    [Fact]
    public void PositiveAnglesTurnTheContentCounterClockwise()
    {
        // A dot right of the centre of a 5x5 image ends up above the centre after +90°.
        var input = ImageBuffer.Zeros(1, 5, 5);
        input.Data[2 * 5 + 4] = 1f;
        var output = ImageBuffer.Zeros(1, 5, 5);
        RandomRotateTransform.ForAngle(1, 5, 5, 90).Forward(input, output);
        // cos 90° is 6e-17 in double, so the weights are 1 and 0 to float precision.
        Assert.Equal(1f, output.Data[0 * 5 + 2], 6);
        Assert.Equal(1.0, output.Data.Sum(v => (double)v), 6);
    }

    [Fact]
    public void PixelsRotatedInFromOutsideAreZero()
    {
        var output = ImageBuffer.Zeros(1, 9, 9);
        RandomRotateTransform.ForAngle(1, 9, 9, 45).Forward(new ImageBuffer(Enumerable.Repeat(1f, 81).ToArray(), 1, 9, 9), output);
        Assert.Equal(0f, output.Data[0]);              // corner: its source lies outside the image
        Assert.Equal(1f, output.Data[4 * 9 + 4], 6);   // centre: unchanged
    }

    [Theory]
    [InlineData(7)]
    [InlineData(-10)]
    [InlineData(90)]
    [InlineData(33.3)]
    public void BackwardIsTheExactAdjointAndMatchesFiniteDifferences(double degrees)
    {
        var step = RandomRotateTransform.ForAngle(3, 12, 15, degrees);
        ImageMapChecks.CheckStepAdjoint(step, (3, 12, 15), seed: 1);
        ImageMapChecks.CheckStepFiniteDifferences(step, (3, 12, 15), seed: 2);
    }

    [Fact]
    public void AnAngleOutsideZeroTo180IsAUserError()
    {
        Assert.Contains("rotate:200", Assert.Throws<ConvLensException>(() => new RandomRotateTransform(200)).Message);
    }
}
