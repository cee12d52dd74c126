using ConvLens.Circuits;
using Xunit;

namespace ConvLens.Tests.Circuits;

public sealed class RankCorrelationTests
{
    [Fact]
    public void SameOrderIsOneReversedIsMinusOne()
    {
        // Exact: ranks are small integers and every sum is exact in double.
        Assert.Equal(1.0, RankCorrelation.Spearman([1, 2, 3, 4], [10, 20, 35, 400]));
        Assert.Equal(-1.0, RankCorrelation.Spearman([1, 2, 3, 4], [4, 3, 2, 1]));
    }

    [Fact]
    public void TiesGetTheirAverageRank()
    {
        Assert.Equal([1.5, 1.5, 3.0, 4.0], RankCorrelation.Ranks([5, 5, 7, 9]));
        // Textbook value: ranks (1,2,3,4,5) vs (2,1,4,3,5) → 1 − 6·4/(5·24) = 0.8; 1e-12 covers double rounding.
        Assert.Equal(0.8, RankCorrelation.Spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 12);
    }

    [Fact]
    public void TooFewOrConstantValuesHaveNoCorrelation()
    {
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1], [2])));
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 1, 1], [1, 2, 3])));
    }
}
