using ConvLens.Graph;

namespace ConvLens.Tests.Graph;

/// <summary>Small models named as PyTorch, tf2onnx and CNTK name theirs.</summary>
internal static class ExportedModels
{
    /// <summary>
    /// A torchvision-style ResNet export: stem conv1/relu, BasicBlocks layer1.0, layer1.1 and layer2.0 (with a
    /// downsample Sequential), each using its inplace <c>relu</c> twice (<c>relu</c>, <c>relu_1</c>), BatchNorm
    /// folded into the convolutions, then avgpool, a functional flatten and fc.
    /// </summary>
    public static OnnxModel TorchResNet()
    {
        var g = new ExportedGraph();
        var x = g.Op("Relu", "/relu/Relu", g.Conv("/conv1/Conv", g.Input));
        x = TorchBlock(g, "/layer1/layer1.0", x, downsample: false);
        x = TorchBlock(g, "/layer1/layer1.1", x, downsample: false);
        x = TorchBlock(g, "/layer2/layer2.0", x, downsample: true);
        var flat = g.Op("Flatten", "/Flatten", g.Op("GlobalAveragePool", "/avgpool/GlobalAveragePool", x));
        // torch names the graph output by a number, not after the node.
        return g.Build(g.MatMul("/fc/MatMul", flat, ExportedGraph.Channels, 10, output: "191"));
    }

    /// <summary>An Inception-style module <c>mixed</c> whose branches meet in a Concat, then a head conv.</summary>
    public static OnnxModel TorchConcatBlock()
    {
        var g = new ExportedGraph();
        var stem = g.Conv("/stem/Conv", g.Input);
        var branch1 = g.Conv("/mixed/branch1/Conv", stem);
        var branch2 = g.Op("Relu", "/mixed/branch2/branch2.1/Relu", g.Conv("/mixed/branch2/branch2.0/Conv", stem));
        var joined = g.Concat("/mixed/Concat", branch1, branch2);
        return g.Build(g.Conv("/head/Conv", joined, inChannels: 2 * ExportedGraph.Channels));
    }

    /// <summary>The tf2onnx export of a small Keras model (edges, pool_a, flatten, predictions).</summary>
    public static OnnxModel TensorFlowKeras()
    {
        var g = new ExportedGraph(valueSuffix: ":0");
        const string scope = "StatefulPartitionedCall/model";
        var conv = g.Op("Relu", $"{scope}/edges/Relu", g.Conv($"{scope}/edges/Conv2D", g.Input));
        var pool = g.MaxPool($"{scope}/pool_a/MaxPool", conv);
        var flat = g.Op("Flatten", $"{scope}/flatten/Reshape", pool);
        int features = ExportedGraph.Channels * (ExportedGraph.Size / 2) * (ExportedGraph.Size / 2);
        var logits = g.AddBias($"{scope}/predictions/BiasAdd", g.MatMul($"{scope}/predictions/MatMul", flat, features, 10), 10);
        return g.Build(g.Op("Softmax", $"{scope}/predictions/Softmax", logits));
    }

    /// <summary>
    /// A CNTK-style ResNet (no scopes in its names): conv → relu, two residual joins each followed by a ReLU,
    /// a bias Add (not a join), a channel Concat and a pool whose output is literally named <c>add2</c>.
    /// </summary>
    public static OnnxModel UnnamedResNet()
    {
        var g = new ExportedGraph(valueSuffix: "_Output_0");
        var stem = g.Op("Relu", "ReLU2", g.Conv("Convolution1", g.Input));
        var join1 = g.Op("Relu", "ReLU5", g.Op("Add", "Plus4", g.Conv("Convolution3", stem), stem));
        var biased = g.AddBias("Plus6", g.Conv("Convolution7", join1), ExportedGraph.Channels, 1, 1);
        var join2 = g.Op("Relu", "ReLU9", g.Op("Add", "Plus8", biased, join1));
        var concat = g.Concat("Splice10", join2, stem);
        var pooled = g.MaxPool("Pooling11", concat, output: "add2");
        return g.Build(g.Conv("Convolution12", pooled, inChannels: 2 * ExportedGraph.Channels));
    }

    private static string TorchBlock(ExportedGraph g, string p, string x, bool downsample)
    {
        var inner = g.Op("Relu", $"{p}/relu/Relu", g.Conv($"{p}/conv1/Conv", x));
        var main = g.Conv($"{p}/conv2/Conv", inner);
        var skip = downsample ? g.Conv($"{p}/downsample/downsample.0/Conv", x) : x;
        return g.Op("Relu", $"{p}/relu_1/Relu", g.Op("Add", $"{p}/Add", main, skip));
    }
}
