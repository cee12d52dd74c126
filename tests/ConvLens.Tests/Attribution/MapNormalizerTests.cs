using ConvLens.Attribution;
using Xunit;

namespace ConvLens.Tests.Attribution;

public sealed class MapNormalizerTests
{
    [Theory]
    [InlineData(MapNormalization.MinMax)]
    [InlineData(MapNormalization.Percentile99)]
    public void ZeroAndEmptyMapsBecomeZerosNotNaN(MapNormalization normalization)
    {
        Assert.Equal(new float[3], MapNormalizer.Normalize([0, 0, 0], normalization));
        Assert.Equal(new float[2], MapNormalizer.Normalize([float.NaN, float.NaN], normalization));
        Assert.Empty(MapNormalizer.Normalize([], normalization));
    }

    [Fact]
    public void AFlatMapIsZeroByMinMaxAndFullByPercentile()
    {
        // Min-max has no range to spread (0/0 avoided: zeros); the percentile scale is the value itself.
        Assert.Equal(new float[4], MapNormalizer.Normalize([3, 3, 3, 3], MapNormalization.MinMax));
        Assert.Equal([1f, 1f, 1f, 1f], MapNormalizer.Normalize([3, 3, 3, 3], MapNormalization.Percentile99));
    }

    [Fact]
    public void MinMaxSpansZeroToOneAndIgnoresNonFiniteValues()
    {
        var normalized = MapNormalizer.Normalize([2, 4, float.NaN, 6, float.PositiveInfinity], MapNormalization.MinMax);
        // NaN and infinity count as 0, the minimum here: (v − 0) / 6.
        Assert.Equal([2 / 6f, 4 / 6f, 0, 1, 0], normalized);
    }

    [Fact]
    public void ThePercentileClipsTheRareLargestValues()
    {
        // 200 values 0..199: the 99th percentile (linear between ranks) is 0.99 · 199 = 197.01.
        var values = Enumerable.Range(0, 200).Select(i => (float)i).ToArray();
        var normalized = MapNormalizer.Normalize(values, MapNormalization.Percentile99);
        Assert.Equal(100 / 197.01, normalized[100], 1e-6);
        Assert.Equal(1f, normalized[198]);
        Assert.Equal(1f, normalized[199]);
    }

    [Fact]
    public void AMapWithFewNonZeroValuesScalesByItsLargest()
    {
        // One spike in 1000: the 99th percentile is 0, so the spike itself sets the scale.
        var values = new float[1000];
        values[7] = 4;
        values[8] = 2;
        var normalized = MapNormalizer.Normalize(values, MapNormalization.Percentile99);
        Assert.Equal(1f, normalized[7]);
        Assert.Equal(0.5f, normalized[8]);
    }
}
