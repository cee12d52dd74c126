using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class ChannelSlicerTests
{
    private const int Channels = 6;

    /// <summary>x → Conv (6 channels, bias) → BatchNormalization → Relu = "act"; also a pool, a sum and a grouped conv of it.</summary>
    private static OnnxModel Model()
    {
        var rng = new Random(5);
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3, 8, 8);
        var w = b.Weight("w", TestModels.RandomNormal(rng, Channels * 3 * 3 * 3, 0.4), Channels, 3, 3, 3);
        var bias = b.Weight("bias", TestModels.RandomNormal(rng, Channels, 0.2), Channels);
        var conv = b.Node("Conv", [x, w, bias], "conv").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        var bn = b.Node("BatchNormalization", [conv,
            b.Weight("scale", TestModels.RandomNormal(rng, Channels, 1), Channels), b.Weight("shift", TestModels.RandomNormal(rng, Channels, 0.3), Channels),
            b.Weight("mean", TestModels.RandomNormal(rng, Channels, 0.3), Channels), b.Weight("var", [.. Enumerable.Range(1, Channels).Select(i => 0.5f * i)], Channels)],
            "bn").Outputs[0];
        var act = b.Node("Relu", [bn], "act").Outputs[0];
        b.Output(act);
        b.Output(b.Node("MaxPool", [act], "pool").With("kernel_shape", new long[] { 2, 2 }).With("strides", new long[] { 2, 2 }).Outputs[0]);
        b.Output(b.Node("Add", [act, conv], "sum").Outputs[0]);
        var grouped = b.Weight("gw", TestModels.RandomNormal(rng, Channels * 3 * 1 * 1, 0.4), Channels, 3, 1, 1);
        b.Output(b.Node("Conv", [act, grouped], "grouped").With("group", 2L).Outputs[0]);
        return b.Build();
    }

    [Fact]
    public void SlicedCopyComputesTheSelectedChannelsInTheSelectionsOrder()
    {
        var model = Model();
        var slice = ChannelSlicer.TrySlice(model, "act", "selection", 2);
        Assert.NotNull(slice);
        Assert.Equal(["conv", "bn", "act"], slice.Replaces);
        var sliced = slice.Value;
        model.Graph.Outputs.Add(new ValueInfo(sliced, TensorElementType.Float, null));
        int[] selected = [4, 1];
        var selection = new float[2 * Channels];
        for (int k = 0; k < selected.Length; k++) selection[k * Channels + selected[k]] = 1;
        var input = TestModels.RandomNormal(new Random(6), 2 * 3 * 8 * 8);
        var outputs = OrtTestRunner.Run(model, ("x", ConstTensor.FromFloats(input, 2, 3, 8, 8)), ("selection", ConstTensor.FromFloats(selection, 2, Channels)));

        var full = outputs["act"].ToFloats();
        var part = outputs[sliced].ToFloats();
        Assert.Equal([2, 2, 8, 8], outputs[sliced].Dims);
        const int plane = 64;
        for (int n = 0; n < 2; n++)
            for (int k = 0; k < 2; k++)
                for (int p = 0; p < plane; p++)
                    // Both convolutions sum the same 27 products; only their order may differ: 1e-5 absolute
                    // on activations of order 1.
                    Assert.Equal(full[(n * Channels + selected[k]) * plane + p], part[(n * 2 + k) * plane + p], 1e-5);
    }

    [Fact]
    public void Gelu_of_opset_20_is_followed_like_any_elementwise_activation()
    {
        var rng = new Random(7);
        var b = new GraphBuilder(opset: 20);
        var w = b.Weight("w", TestModels.RandomNormal(rng, Channels * 3 * 3 * 3, 0.4), Channels, 3, 3, 3);
        b.Node("Conv", [b.Input("x", 1, 3, 5, 5), w], "conv").With("pads", new long[] { 1, 1, 1, 1 });
        b.Node("Gelu", ["conv"], "gelu").With("approximate", "tanh");
        b.Output("gelu");
        var model = b.Build();
        var slice = ChannelSlicer.TrySlice(model, "gelu", "selection", 1);
        Assert.NotNull(slice);
        Assert.Equal(["conv", "gelu"], slice.Replaces);
        model.Graph.Outputs.Add(new ValueInfo(slice.Value, TensorElementType.Float, null));
        var selection = new float[Channels];
        selection[3] = 1;
        var outputs = OrtTestRunner.Run(model, ("x", ConstTensor.FromFloats(TestModels.RandomNormal(new Random(8), 75), 1, 3, 5, 5)),
            ("selection", ConstTensor.FromFloats(selection, 1, Channels)));

        var full = outputs["gelu"].ToFloats();
        var part = outputs[slice.Value].ToFloats();
        // Both convolutions sum the same 27 products in possibly different orders: 1e-5 on values of order 1.
        for (int p = 0; p < 25; p++) Assert.Equal(full[3 * 25 + p], part[p], 1e-5);
    }

    [Theory]
    [InlineData("pool")]      // windows: the slicer follows element-wise operators only
    [InlineData("sum")]       // two branches
    [InlineData("grouped")]   // the selection would have to reach into the groups' inputs
    public void LayersNotComputedByAConvThroughChannelwiseOpsAreLeftAlone(string value)
    {
        var model = Model();
        int nodes = model.Graph.Nodes.Count, inputs = model.Graph.Inputs.Count;
        Assert.Null(ChannelSlicer.TrySlice(model, value, "selection", 2));
        Assert.Equal(nodes, model.Graph.Nodes.Count);
        Assert.Equal(inputs, model.Graph.Inputs.Count);
    }

    [Fact]
    public void TwoSlicesOfOneConvolutionGetTheirOwnNodeNames()
    {
        // ONNX Runtime refuses two nodes of one name; both copies read the same weights.
        var model = Model();
        var first = ChannelSlicer.TrySlice(model, "bn", "s1", 1)!.Value;
        var second = ChannelSlicer.TrySlice(model, "act", "s2", 1)!.Value;
        Assert.Equal(model.Graph.Nodes.Count, model.Graph.Nodes.Select(n => n.Name).Distinct().Count());
        model.Graph.Outputs.Add(new ValueInfo(first, TensorElementType.Float, null));
        model.Graph.Outputs.Add(new ValueInfo(second, TensorElementType.Float, null));
        var oneHot = new float[Channels];
        oneHot[3] = 1;
        var outputs = OrtTestRunner.Run(model, ("x", ConstTensor.FromFloats(TestModels.RandomNormal(new Random(8), 2 * 3 * 8 * 8), 2, 3, 8, 8)),
            ("s1", ConstTensor.FromFloats(oneHot, 1, Channels)), ("s2", ConstTensor.FromFloats(oneHot, 1, Channels)));
        var bn = outputs[first].ToFloats();
        var act = outputs[second].ToFloats();
        // The ReLU of the sliced BatchNormalization output, computed twice the same way: exact.
        for (int i = 0; i < bn.Length; i++) Assert.Equal(Math.Max(bn[i], 0f), act[i]);
    }

    [Fact]
    public void AScalarSlopeIsChannelwiseAPerChannelSlopeIsNot()
    {
        foreach (var (slope, sliceable) in new[] { (1, true), (Channels, false) })
        {
            var b = new GraphBuilder();
            var x = b.Input("x", 1, 3, 4, 4);
            var conv = b.Node("Conv", [x, b.Weight("w", TestModels.RandomNormal(new Random(1), Channels * 3, 0.5), Channels, 3, 1, 1)], "conv").Outputs[0];
            var shape = slope == 1 ? new long[] { 1 } : [Channels, 1, 1];
            b.Output(b.Node("PRelu", [conv, b.Weight("slope", [.. Enumerable.Repeat(0.1f, slope)], shape)], "act").Outputs[0]);
            Assert.Equal(sliceable, ChannelSlicer.TrySlice(b.Build(), "act", "selection", 2) is not null);
        }
    }

    [Fact]
    public void SelectingEveryChannelIsNotASlice()
    {
        Assert.Null(ChannelSlicer.TrySlice(Model(), "act", "selection", Channels));
    }
}
