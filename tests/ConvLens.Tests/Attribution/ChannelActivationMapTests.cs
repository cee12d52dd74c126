using ConvLens.Attribution;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Attribution;

public sealed class ChannelActivationMapTests
{
    private const int Seed = 4;

    [Fact]
    public void TheMapIsTheChannelsActivationsAndItsStatisticsAreTheirs()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var map = ChannelActivationMap.Compute(network, image, QuadrantModel.Features, 5);

        var all = network.Activations(image, QuadrantModel.Features)[QuadrantModel.Features];
        var expected = all.Data.AsSpan(5 * 96, 96).ToArray();
        Assert.Equal(expected, map.Values);
        Assert.Equal((8, 12), (map.Height, map.Width));

        var stats = map.Statistics;
        // Sums in double over the same floats: 1e-9 relative.
        Assert.Equal(expected.Average(v => (double)v), stats.Mean, Math.Abs(stats.Mean) * 1e-9);
        Assert.Equal(Math.Sqrt(expected.Sum(v => (double)v * v)), stats.L2Norm, stats.L2Norm * 1e-9);
        Assert.Equal(expected.Max(), stats.Max);
        Assert.Equal(expected.Min(), stats.Min);
        int argmax = Array.IndexOf(expected, expected.Max());
        Assert.Equal((argmax / 12, argmax % 12), (stats.ArgmaxRow, stats.ArgmaxColumn));
        // Channel 5 reads the bottom-left branch: its strongest response lies in the bottom-left quadrant.
        Assert.True(stats.ArgmaxRow >= 4 && stats.ArgmaxColumn < 6, $"argmax at ({stats.ArgmaxRow}, {stats.ArgmaxColumn}) (seed {Seed})");
    }

    [Fact]
    public void StatisticsOfAKnownMap()
    {
        var stats = ActivationStatistics.Of([1, -2, 3, 3, 0, 1], width: 3);
        Assert.Equal(1.0, stats.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(24), stats.L2Norm, 1e-12);
        // The first maximum reading row by row: (0, 2), not (1, 0).
        Assert.Equal((3.0, -2.0, 0, 2), (stats.Max, stats.Min, stats.ArgmaxRow, stats.ArgmaxColumn));
    }

    [Fact]
    public void TheArgmaxMapsOntoThePictureAsTheUpsampledMapPlacesIt()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var map = ChannelActivationMap.Compute(network, image, QuadrantModel.Features, 1);
        var (x, y) = map.ArgmaxIn(111, 78);
        // Corner-aligned: column c of 12 sits at c · 110 / 11 pixels, row r of 8 at r · 77 / 7.
        Assert.Equal(map.Statistics.ArgmaxColumn * 10.0, x, 1e-9);
        Assert.Equal(map.Statistics.ArgmaxRow * 11.0, y, 1e-9);
        var upsampled = map.Upsample(78, 111);
        Assert.Equal(map.Statistics.Max, upsampled[(int)y * 111 + (int)x], 1e-6);
    }

    [Fact]
    public void BadLayersAndChannelsAreClearErrors()
    {
        using var network = Network.FromModel(QuadrantModel.Build(Seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(Seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        Assert.Contains("channels 0..7", Assert.Throws<ConvLensException>(() => ChannelActivationMap.Compute(network, image, QuadrantModel.Features, 8)).Message);
        Assert.Contains("(N, C, H, W)", Assert.Throws<ConvLensException>(() => ChannelActivationMap.Compute(network, image, QuadrantModel.Logits, 0)).Message);
        Assert.Contains("no layer named", Assert.Throws<ConvLensException>(() => ChannelActivationMap.Compute(network, image, "nope", 0)).Message);
    }
}
