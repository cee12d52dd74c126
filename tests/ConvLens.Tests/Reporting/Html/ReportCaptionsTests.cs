using ConvLens.Reporting.Html;
using Xunit;

namespace ConvLens.Tests.Reporting.Html;

public sealed class ReportCaptionsTests
{
    [Fact]
    public void TopImagesCaptionStatesTheRatioToTheMedianAndTheLeadOfTheBest()
    {
        double[] scores = [1, 2, 2, 2, 3, 8, 10];
        var caption = ReportCaptions.TopImages(scores, [("cat.png", 10), ("dog.png", 8)], "conv5:3", "the L2 norm of its activation");
        // Median 2: the top images respond 8/2 = 4× and 10/2 = 5×; the best leads the next (8) by 25%.
        Assert.Contains("4× to 5×", caption);
        Assert.Contains("median (2)", caption);
        Assert.Contains("cat.png", caption);
        Assert.Contains("25% above the next", caption);
        Assert.Contains("2 images", caption);
    }

    [Fact]
    public void ASilentMedianSaysTheChannelIsSelective()
    {
        var caption = ReportCaptions.TopImages([0, 0, 0, 5], [("a.png", 5)], "c:1", "max");
        Assert.Contains("silent on at least half", caption);
    }

    [Fact]
    public void KernelCaptionNamesExcitatoryAndInhibitorySlicesAndTheirShare()
    {
        var caption = ReportCaptions.Kernels([(12, 3.0, 0.2), (7, 2.0, -0.1), (40, 1.0, 0.05)], 64, 10.0, "conv9:4");
        Assert.Contains("2 slices are mostly excitatory (channels 12, 40)", caption);
        Assert.Contains("1 mostly inhibitory (channel 7)", caption);
        // (9 + 4 + 1) / 100 = 14% of the squared weight, against 3/64 = 4.7% spread evenly.
        Assert.Contains("14%", caption);
        Assert.Contains("4.7%", caption);
    }

    [Fact]
    public void ObjectiveCaptionGivesStartEndAndRatio()
    {
        var caption = ReportCaptions.ObjectiveCurves([new CurveSeries("notebook recipe", [2.0, 3.0, 6.0])], "conv2:1");
        Assert.Contains("from 2 to 6 in 2 steps (3×)", caption);
    }

    [Fact]
    public void TopDecileShareIsATenthForAFlatMapAndAllForASpike()
    {
        var flat = Enumerable.Repeat(1f, 100).ToArray();
        var spike = new float[100];
        spike[42] = 3;
        // Exact: 10 of 100 equal cells hold 10/100; one non-zero cell holds everything.
        Assert.Equal(0.1, ReportCaptions.TopDecileShare(flat), 1e-12);
        Assert.Equal(1.0, ReportCaptions.TopDecileShare(spike), 1e-12);
        Assert.True(double.IsNaN(ReportCaptions.TopDecileShare(new float[9])));
    }

    [Theory]
    [InlineData(0, 0, "top left")]
    [InlineData(7, 7, "centre")]
    [InlineData(13, 7, "bottom")]
    [InlineData(6, 13, "right")]
    public void RegionsAreThirdsOfTheGrid(int row, int column, string expected) =>
        Assert.Equal(expected, ReportCaptions.Region(row, column, 14, 14));

    [Fact]
    public void ActivationMapCaptionGivesPeakPositionRatioAndRank()
    {
        var map = new float[16];
        map[1 * 4 + 3] = 8;
        map[0] = 0; map[5] = 2; map[6] = 2;
        // Mean (8 + 2 + 2) / 16 = 0.75; the peak 8 is 10.67× the mean, at row 1 (centre 1.5 of 4: the middle third), column 3: the right.
        var caption = ReportCaptions.ActivationMap("cat.png", map, 4, 4, 2, 9);
        Assert.Contains("row 1, column 3 of its 4×4 grid (right) with 8", caption);
        Assert.Contains("10.7× its mean over the map (0.75)", caption);
        Assert.Contains("ranks #2 of 9", caption);
    }
}
