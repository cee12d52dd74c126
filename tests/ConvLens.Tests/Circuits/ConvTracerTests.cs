using ConvLens.Circuits;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Circuits;

public sealed class ConvTracerTests
{
    [Fact]
    public void AChannelOfAConcatComesFromThePartThatOwnsIt()
    {
        using var network = Network.FromModel(CircuitModels.Residual(1));
        var graph = network.Model.Graph;

        // "cat" = [r3 (4 channels), r1 (4 channels)]: channel 5 is r1's channel 1, made by c1 through bn1.
        var found = ConvTracer.Locate(graph, "cat", 5);

        Assert.Equal("c1", found.Conv.OutputValue);
        Assert.Equal(1, found.Channel);
        var gamma = graph.Initializers["bn1/gamma"].ToFloats()[1];
        var variance = graph.Initializers["bn1/var"].ToFloats()[1];
        // The same double expression from the same float parameters (BatchNorm's default ε = 1e-5): exact.
        Assert.Equal(gamma / Math.Sqrt(variance + (double)1e-5f), found.Scale);
    }

    [Fact]
    public void AResidualSumIsNotOneConvolutionAndTheErrorNamesItsBranches()
    {
        using var network = Network.FromModel(CircuitModels.Residual(1));

        var error = Assert.Throws<ConvLensException>(() => ConvTracer.Locate(network.Model.Graph, "r2", 2));

        Assert.Contains("residual Add 'add'", error.Message);
        Assert.Contains("'bn2' (from Conv 'c2')", error.Message);
        Assert.Contains("'r1' (from Conv 'c1')", error.Message);
    }

    [Fact]
    public void ProducersOfAResidualChannelAreItsConvolutionBranchesAndItsShortcut()
    {
        using var network = Network.FromModel(CircuitModels.Residual(1));
        var graph = network.Model.Graph;

        // r2 = Relu(bn2(c2(r1)) + r1), and r1 = Relu(bn1(c1)): both branches end at a convolution.
        var r2 = ConvTracer.Producers(graph, "r2", 2);
        Assert.Equal(["c2", "c1"], r2.Convs.Select(c => c.Conv.OutputValue));
        Assert.All(r2.Convs, c => Assert.Equal(2, c.Channel));
        Assert.Empty(r2.Skips);

        // r3 = Relu(c3(r2) + c4(r2)): a projection-style join of two convolutions.
        var r3 = ConvTracer.Producers(graph, "r3", 0);
        Assert.Equal(["c3", "c4"], r3.Convs.Select(c => c.Conv.OutputValue));
        Assert.All(r3.Convs, c => Assert.Equal(1.0, c.Scale));

        // The graph input has no producer to expand.
        var input = ConvTracer.Producers(graph, "input", 0);
        Assert.Empty(input.Convs);
        Assert.Contains("network input", input.Stop);
    }

    [Fact]
    public void InputsThroughAConcatNameTheOwnerOfEachChannelRange()
    {
        using var network = Network.FromModel(CircuitModels.Residual(1));

        var source = InputTracer.Trace(network.Model.Graph, "cat", network.Layers);

        Assert.Equal(InputSourceKind.Concat, source.Kind);
        Assert.Equal([(0, 4), (4, 4)], source.Branches.Select(b => (b.FirstChannel, b.Channels)));
        Assert.Equal(InputSourceKind.Join, source.Branches[0].Source.Kind);
        Assert.Equal("add2", source.Branches[0].Source.StopValue);
        Assert.Equal(["c3", "c4"], source.Branches[0].Source.Branches.Select(b => b.Source.StopValue));
        Assert.Equal(InputSourceKind.Conv, source.Branches[1].Source.Kind);
        Assert.Equal("c1", source.Branches[1].Source.StopValue);
        Assert.Contains("channels 4–7", source.Describe());
    }

    [Fact]
    public void VggInputsAreThePreviousConvolutionsPostReluLayer()
    {
        using var network = CircuitModels.NarrowVgg(1);

        var direct = KernelAnalyzer.Analyze(network, "block3_conv2", 1).Input;
        Assert.Equal(InputSourceKind.Conv, direct.Kind);
        Assert.Equal("block3_conv1", direct.Value);
        Assert.Equal("block3_conv1", direct.LayerName);
        Assert.Equal("block3_conv1_preact", direct.StopValue);

        // Through the pool: the channels are block2_conv2's.
        var pooled = KernelAnalyzer.Analyze(network, "block3_conv1", 1).Input;
        Assert.Equal("block2_pool", pooled.Value);
        Assert.Equal("block2_conv2", pooled.LayerName);
        Assert.Equal(["MaxPool 'block2_pool'", "Relu 'block2_conv2'"], pooled.Path);
        Assert.Equal("block2_conv2 (Conv 'block2_conv2_preact' → Relu → MaxPool)", pooled.Describe());

        var target = KernelAnalyzer.Analyze(network, "block3_conv2", 1).Target;
        Assert.Equal("block3_conv2_preact", target.Conv.OutputValue);
    }
}
