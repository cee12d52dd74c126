using ConvLens.Runtime;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Visualization.Objectives;

public sealed class ChannelSelectionTests
{
    [Theory]
    [InlineData("block3_conv2:16", "block3_conv2", new[] { 16 })]
    [InlineData("conv2:0-3", "conv2", new[] { 0, 1, 2, 3 })]
    [InlineData("conv2:1,5,9", "conv2", new[] { 1, 5, 9 })]
    [InlineData("conv2: 0-2, 8 ", "conv2", new[] { 0, 1, 2, 8 })]
    [InlineData("model/relu:0:4", "model/relu:0", new[] { 4 })]
    public void ParsesSingleChannelsRangesAndLists(string text, string layer, int[] channels)
    {
        var selection = ChannelSelection.Parse(text);
        Assert.Equal(layer, selection.Layer);
        Assert.Equal(channels, selection.Channels);
    }

    [Theory]
    [InlineData("conv2", "not a layer:channel selection")]
    [InlineData(":5", "names no layer")]
    [InlineData("conv2:", "no channels given of layer 'conv2'")]
    [InlineData("conv2:x", "'x' in 'x' of layer 'conv2' is not a channel")]
    [InlineData("conv2:-1", "is not a channel")]
    [InlineData("conv2:5-2", "runs backwards")]
    [InlineData("conv2:1,,2", "is not a channel")]
    [InlineData("conv2:1,2,1", "channel 1 appears twice")]
    [InlineData("conv2:0-99999999", "at most 65536")]
    public void BadSelectionsAreClearErrors(string text, string message)
    {
        var error = Assert.Throws<ConvLensException>(() => ChannelSelection.Parse(text));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ValidationNamesTheLayersChannelRange()
    {
        using var network = Network.FromModel(Visualization.VisualizationTestModels.TwoConvs(1));
        Assert.Equal("c2", ChannelSelection.Parse("c2:0-5").Validate(network).Layer);
        var error = Assert.Throws<ConvLensException>(() => ChannelSelection.Parse("c2:4-7").Validate(network));
        Assert.Equal("layer 'c2' has channels 0..5; channels 6, 7 are out of range", error.Message);
        Assert.Contains("has no layer named 'c9'", Assert.Throws<ConvLensException>(() => ChannelSelection.Parse("c9:0").Validate(network)).Message);
    }

    [Fact]
    public void WritesItselfBackCompactly()
    {
        Assert.Equal("conv2:0-3,8,10-11", ChannelSelection.Parse("conv2:0,1,2,3,8,10,11").ToString());
        Assert.Equal("conv2:16", ChannelSelection.Parse("conv2:16").Label(16));
    }
}
