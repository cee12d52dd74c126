using ConvLens.Dataset;
using Xunit;

namespace ConvLens.Tests.Dataset;

public sealed class ChannelStatisticsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(29)]
    [InlineData(3136)]
    public void StatisticsMatchAPlainDoubleLoopForAnyLength(int length)
    {
        const int seed = 11;
        var random = new Random(seed + length);
        var map = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 20 - 5)).ToArray();

        var s = ChannelStatistics.Of(map);

        double sum = map.Sum(v => (double)v), squares = map.Sum(v => (double)v * v);
        // Both sum the same doubles, in different orders: 1e-12 relative covers the reassociation (3136 terms, eps 1.1e-16).
        Assert.Equal(Math.Sqrt(squares), s.L2, Math.Sqrt(squares) * 1e-12);
        Assert.Equal(sum / length, s.Mean, Math.Abs(sum / length) * 1e-12 + 1e-15);
        Assert.Equal(map.Max(), s.Max);
        Assert.Equal(Array.IndexOf(map, map.Max()), s.ArgMax);
    }

    [Fact]
    public void TheFirstMaximumWinsAndNaNIsPassedOver()
    {
        float[] map = [1, 5, float.NaN, 5, 2];
        var s = ChannelStatistics.Of(map);
        Assert.Equal((5f, 1), (s.Max, s.ArgMax));
        Assert.True(double.IsNaN(s.L2));
        Assert.Equal(s.L2, s.Score(ChannelScore.L2));
        Assert.Equal(s.Mean, s.Score(ChannelScore.Mean));
        Assert.Equal(5, s.Score(ChannelScore.Max));
    }

    [Fact]
    public void EncodingKeepsEveryBitAndPutsChannelCAtByte24C()
    {
        var activation = new float[3 * 10];
        for (int i = 0; i < activation.Length; i++) activation[i] = MathF.Sin(i) * 3;

        var bytes = ChannelStatistics.EncodeAll(activation, 3, 10);

        Assert.Equal(3 * ChannelStatistics.EncodedSize, bytes.Length);
        for (int c = 0; c < 3; c++)
            Assert.Equal(ChannelStatistics.Of(activation.AsSpan(c * 10, 10)), ChannelStatistics.Decode(bytes.AsSpan(c * 24, 24)));
    }

    [Fact]
    public void ScoreNamesParseAndDescribe()
    {
        Assert.Equal(ChannelScore.Max, ChannelScores.Parse(" MAX "));
        Assert.Equal("mean", ChannelScores.NameOf(ChannelScore.Mean));
        Assert.Equal("L2 norm", ChannelScores.Describe(ChannelScore.L2));
        Assert.Contains("l2, mean, max", Assert.Throws<ConvLensException>(() => ChannelScores.Parse("median")).Message);
    }
}
