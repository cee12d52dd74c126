using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class LinearScaleTests
{
    [Theory]
    [InlineData(0.0, 97.0, 0.0, 100.0, 20.0)]
    [InlineData(3.2, 7.9, 3.0, 8.0, 1.0)]
    [InlineData(-0.013, 0.041, -0.02, 0.06, 0.02)]
    [InlineData(1200.0, 56000.0, 0.0, 60000.0, 20000.0)]
    public void WidensTheDataToRoundNumbers(double min, double max, double niceMin, double niceMax, double step)
    {
        // The step is the first of 1, 2, 5 × 10ⁿ at or above (max − min) / 5; the bounds are its multiples around the data.
        var scale = LinearScale.Nice(min, max, 0, 100, 5);
        // Tolerance 1e-9 relative: the bounds are products of a power of ten and an integer.
        Assert.Equal(niceMin, scale.Min, 1e-9 * Math.Max(1, Math.Abs(niceMax)));
        Assert.Equal(niceMax, scale.Max, 1e-9 * Math.Max(1, Math.Abs(niceMax)));
        Assert.Equal(step, scale.Step, 1e-12 * Math.Max(1, step));
        Assert.True(scale.Min <= min && scale.Max >= max);
    }

    [Fact]
    public void MapsLinearlyAndReversedForYAxes()
    {
        var y = LinearScale.Nice(0, 10, 200, 0, 5);
        Assert.Equal(200, y.Map(0), 1e-9);
        Assert.Equal(0, y.Map(10), 1e-9);
        Assert.Equal(100, y.Map(5), 1e-9);
    }

    [Fact]
    public void TickLabelsHaveTheStepsDecimalsAndNoFloatNoise()
    {
        var scale = LinearScale.Nice(0, 0.7, 0, 100, 7);
        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"], scale.Ticks.Select(scale.Format));
        var negative = LinearScale.Nice(-4, 4, 0, 100, 4);
        Assert.Equal("−4", negative.Format(negative.Ticks[0]));
    }

    [Fact]
    public void AConstantSeriesStillGetsAnAxis()
    {
        var scale = LinearScale.Nice(5, 5, 0, 100);
        Assert.True(scale.Min < 5 && scale.Max > 5);
        var zero = LinearScale.Nice(0, 0, 0, 100);
        Assert.True(zero.Min < 0 && zero.Max > 0);
    }
}
