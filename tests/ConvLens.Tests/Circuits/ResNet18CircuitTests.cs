using ConvLens.Circuits;
using ConvLens.Graph;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Circuits;

/// <summary>
/// Circuits of the real ResNet18 (CNTK export): every statement is checked against the ONNX file's own
/// graph, read here without ConvLens's normalisation.
/// </summary>
public sealed class ResNet18CircuitTests
{
    private static readonly HashSet<string> ChannelPreserving = ["Relu", "BatchNormalization", "MaxPool"];

    [Fact]
    public void EveryConvolutionsInputIsTracedToWhatTheOnnxGraphSays()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var onnx = OnnxModelReader.ReadFile(TestFiles.ResNet18).Graph;
        var producers = onnx.ProducerIndex();

        foreach (var conv in onnx.Nodes.Where(n => n.OpType == "Conv"))
        {
            var source = InputTracer.Trace(network.Model.Graph, conv.Inputs[0], network.Layers);
            // Follow the file's graph by hand: through Relu/BatchNorm/MaxPool along the first input.
            var value = conv.Inputs[0];
            while (producers.TryGetValue(value, out var p) && ChannelPreserving.Contains(p.OpType)) value = p.Inputs[0];
            if (!producers.TryGetValue(value, out var stop))
            {
                Assert.Equal(InputSourceKind.GraphInput, source.Kind);
                continue;
            }
            Assert.Equal(stop.Outputs[0], source.StopValue);
            switch (stop.OpType)
            {
                case "Conv":
                    Assert.Equal(InputSourceKind.Conv, source.Kind);
                    break;
                case "Add":
                    Assert.Equal(InputSourceKind.Join, source.Kind);
                    Assert.Equal(stop.Inputs, source.Branches.Select(b => b.Source.Value));
                    foreach (var branch in source.Branches)
                    {
                        var end = branch.Source.Value;
                        while (producers.TryGetValue(end, out var p) && ChannelPreserving.Contains(p.OpType)) end = p.Inputs[0];
                        Assert.Equal(end, branch.Source.StopValue);
                        Assert.Equal(producers[end].OpType == "Conv" ? InputSourceKind.Conv : InputSourceKind.Join, branch.Source.Kind);
                    }
                    break;
                default:
                    Assert.Fail($"{conv} reads '{conv.Inputs[0]}', which ends at {stop}: the test expected only Conv or Add");
                    break;
            }
        }
    }

    [Fact]
    public void AResidualBlockInputNamesItsProducingConvolutionThroughBatchNormReluAndAdd()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var graph = network.Model.Graph;

        // Convolution271 (layer1, second block) reads ReLU269 = Relu(Plus267(BN265(Convolution263), Pooling255)).
        var source = InputTracer.Trace(graph, "ReLU269_Output_0", network.Layers);
        Assert.Equal(InputSourceKind.Join, source.Kind);
        Assert.Equal("Plus267_Output_0", source.StopValue);
        Assert.Equal(["BatchNormalization265_Output_0", "Pooling255_Output_0"], source.Branches.Select(b => b.Source.Value));
        Assert.Equal("Convolution263_Output_0", source.Branches[0].Source.StopValue);
        Assert.Equal("conv3", source.Branches[0].Source.LayerName);
        Assert.Equal("Convolution249_Output_0", source.Branches[1].Source.StopValue);
        Assert.Equal("conv1", source.Branches[1].Source.LayerName);

        // The stride-2 block of layer2 sums a 3×3 branch and a 1×1 projection.
        var producers = ConvTracer.Producers(graph, "ReLU301_Output_0", 17);
        Assert.Equal(["Convolution291_Output_0", "Convolution295_Output_0"], producers.Convs.Select(c => c.Conv.OutputValue));
        Assert.Equal([3, 1], producers.Convs.Select(c => c.Conv.KernelHeight));
        // The next block adds its 3×3 branch to that sum unchanged: an identity shortcut.
        var next = ConvTracer.Producers(graph, "ReLU315_Output_0", 17);
        Assert.Equal(["Convolution309_Output_0"], next.Convs.Select(c => c.Conv.OutputValue));
        Assert.Equal(["ReLU301_Output_0"], next.Skips);
    }

    [Fact]
    public void TheTargetConvolutionOfABatchNormLayerFoldsItsScaleFromTheFile()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var onnx = OnnxModelReader.ReadFile(TestFiles.ResNet18).Graph;
        var bn = onnx.Nodes.Single(n => n.Outputs[0] == "BatchNormalization293_Output_0");

        // conv8 is the alias of BatchNormalization293, the BN after Convolution291.
        var analysis = KernelAnalyzer.Analyze(network, "conv8", 40);

        Assert.Equal("Convolution291_Output_0", analysis.Target.Conv.OutputValue);
        Assert.Equal(bn.Inputs[0], analysis.Target.Conv.OutputValue);
        double expected = onnx.Initializers[bn.Inputs[1]].ToFloats()[40] / Math.Sqrt(onnx.Initializers[bn.Inputs[4]].ToFloats()[40] + (double)bn.Float("epsilon", 1e-5f));
        // The same double expression from the same float parameters: exact.
        Assert.Equal(expected, analysis.Target.Scale);
        Assert.Equal(128, analysis.Slices.Count);
        Assert.Equal(InputSourceKind.Conv, analysis.Input.Kind);
        Assert.Equal("Convolution285_Output_0", analysis.Input.StopValue);
        Assert.Equal("conv7", analysis.Input.LayerName);
    }

    [Fact]
    public void AskingForTheSumOfAResidualBlockNamesBothBranches()
    {
        using var network = Network.Load(TestFiles.ResNet18);

        var error = Assert.Throws<ConvLensException>(() => KernelAnalyzer.Analyze(network, "ReLU269_Output_0", 3));

        Assert.Contains("Plus267", error.Message);
        Assert.Contains("'BatchNormalization265_Output_0' (from Conv", error.Message);
        Assert.Contains("'Pooling255_Output_0' (from Conv", error.Message);
    }
}
