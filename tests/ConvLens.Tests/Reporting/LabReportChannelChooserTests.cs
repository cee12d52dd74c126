using ConvLens.Dataset;
using ConvLens.Reporting;
using ConvLens.Reporting.Html;
using ConvLens.Tests.Browser;
using ConvLens.Visualization;
using Xunit;

namespace ConvLens.Tests.Reporting;

public sealed class LabReportChannelChooserTests
{
    [Fact]
    public void ChosenChannelIsTheMostSelectiveAwakeOneByAnIndependentCount()
    {
        using var network = BrowserTestData.TinyVgg(classifier: false);
        var dataset = BrowserTestData.Gratings(9);
        var index = Path.Combine(TestFiles.TempFolder(), "index.db");
        var examples = new DatasetExamples(network, "block3_conv2", dataset, new DatasetOptions { IndexPath = index });
        var start = new NotebookRecipe { Seed = 4 };
        var (channel, choice) = LabReportChannelChooser.ChooseChannel(network, examples, 3, "rule", start);

        // Independently: each channel's ranking (from the same index), top-3 mean over median plus a tenth of the median median.
        var layer = network.Layers.Resolve("block3_conv2");
        var awake = LabReportChannelChooser.RespondsToNoise(network, layer, start);
        var rankings = Enumerable.Range(0, layer.Channels!.Value).Select(c => examples.Rank(c).Images.Select(i => i.Score).ToArray()).ToArray();
        var medians = rankings.Select(r => ScoreDistributionPlot.Median(r)).ToArray();
        double floor = 0.1 * ScoreDistributionPlot.Median(medians) + 1e-12;
        var expected = Enumerable.Range(0, rankings.Length).Where(c => awake[c] && rankings[c].Take(3).Average() > 0)
            .OrderByDescending(c => rankings[c].Take(3).Average() / (medians[c] + floor)).ThenBy(c => c).First();
        Assert.Equal(expected, channel);
        Assert.Equal(channel, choice.Candidates[0].Channel);
        Assert.True(awake[channel]);
        Assert.Contains($"Channel {channel} scores", choice.Explanation);
    }

    [Fact]
    public void TheLayerIsTheDeepestRectifiedConvolutionWithLargeEnoughMaps()
    {
        // At 64 pixels VGG16's maps are 64, 32, 16, 8 and 4 a side: block3 is the deepest with at least 14×14.
        using var network = BrowserTestData.TinyVgg(classifier: false);
        var (layer, rule) = LabReportChannelChooser.ChooseLayer(network);
        Assert.Equal("block3_conv3", layer.DisplayName);
        Assert.Contains("block3_conv3", rule);
    }
}
