using ConvLens.Circuits;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Circuits;

/// <summary>
/// A circuit walk passes a Pad only when it leaves the channel axis alone, whichever opset form gives
/// the amounts: the <c>pads</c> attribute (before 11), a full-rank input (11–17) or an input over an
/// <c>axes</c> input (18 and later); likewise a Resize only when it keeps the channel count.
/// </summary>
public sealed class ChannelwiseOpsTests
{
    [Theory]
    [InlineData(10, new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }, null, true)]
    [InlineData(13, new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }, null, true)]
    [InlineData(13, new long[] { 0, 2, 0, 0, 0, 0, 0, 0 }, null, false)]
    [InlineData(18, new long[] { 1, 1, 1, 1 }, new long[] { 2, 3 }, true)]   // spatial only: read as two axes, not a rank-2 tensor
    [InlineData(18, new long[] { 1, 2, 1, 2 }, new long[] { -1, -2 }, true)]
    [InlineData(18, new long[] { 0, 1 }, new long[] { -3 }, false)]          // axis −3 of rank 4 is the channel axis
    public void A_pad_is_passed_through_when_it_leaves_the_channels_alone(int opset, long[] pads, long[]? axes, bool passes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 1, 2, 4, 4);
        var pad = opset switch
        {
            < 11 => b.Node("Pad", [x], "p").With("pads", pads),
            _ when axes is null => b.Node("Pad", [x, b.Ints("pads", pads)], "p"),
            _ => b.Node("Pad", [x, b.Ints("pads", pads), "", b.Ints("axes", axes)], "p"),
        };
        b.Output("p");
        var model = b.Build();

        Assert.Equal(passes, ChannelwiseOps.TryPassThrough(model.Graph, pad, 1, out var input, out double factor));
        Assert.Equal("x", input);
        Assert.Equal(1, factor);
    }

    [Theory]
    [InlineData(13, new float[] { 1, 1, 2, 2 }, null, true)]
    [InlineData(13, new float[] { 1, 2, 1, 1 }, null, false)] // doubles the channels: channel c is no longer channel c
    [InlineData(18, new float[] { 2, 2 }, new long[] { -2, -1 }, true)]
    [InlineData(18, new float[] { 2, 2 }, new long[] { 1, 2 }, false)]
    public void A_resize_is_passed_through_when_it_leaves_the_channels_alone(int opset, float[] scales, long[]? axes, bool passes)
    {
        var b = new GraphBuilder(opset);
        var resize = b.Node("Resize", [b.Input("x", 1, 2, 4, 4), "", b.Weight("scales", scales, scales.Length)], "r").With("mode", "nearest");
        if (axes is not null) resize.With("axes", axes);
        b.Output("r");
        var model = b.Build();
        OpsetNormalizer.Normalize(model);

        Assert.Equal(passes, ChannelwiseOps.TryPassThrough(model.Graph, resize, 1, out var input, out _));
        Assert.Equal("x", input);
    }
}
