using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary><see cref="GraphPruner"/> on a small VGG-like network: what is cut, what is kept, and that the cut graph computes the same values.</summary>
public class GraphPrunerTests
{
    private const int Seed = 99;

    [Fact]
    public void Pruning_to_an_early_layer_keeps_only_the_layers_and_weights_it_needs()
    {
        var model = VggLike();
        int nodesBefore = model.Graph.Nodes.Count;

        var pruned = GraphPruner.Prune(model, ["relu1_2"]);

        Assert.Equal(["Conv", "Relu", "Conv", "Relu"], pruned.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal(["relu1_2"], pruned.Graph.Outputs.Select(o => o.Name));
        Assert.Equal(TensorShape.Of(1, 8, 16, 16), pruned.Graph.Outputs[0].Shape);
        Assert.Equal(["conv1_1_b", "conv1_1_w", "conv1_2_b", "conv1_2_w"], pruned.Graph.Initializers.Keys.Order());
        AssertEveryInitializerIsRead(pruned.Graph);
        Assert.DoesNotContain(pruned.Graph.Initializers.Keys, k => k.StartsWith("fc"));
        Assert.Equal(nodesBefore, model.Graph.Nodes.Count); // the original is untouched

        // The cut graph computes what the full one computes at that layer.
        var withLayer = model.Clone();
        withLayer.Graph.Outputs.Add(model.Graph.InfoOf("relu1_2")!);
        var x = TestTensors.Normal(new Random(Seed), 1, 3, 16, 16);
        TestTensors.AssertBitEqual(OrtTestRunner.Run(withLayer, ("x", x))["relu1_2"], OrtTestRunner.Run(pruned, ("x", x))["relu1_2"],
            $"relu1_2 (seed {Seed})");
    }

    [Fact]
    public void Pruning_to_several_layers_keeps_their_union()
    {
        var pruned = GraphPruner.Prune(VggLike(), ["relu1_1", "relu2_1", "relu1_1"]);

        Assert.Equal(["relu1_1", "relu2_1"], pruned.Graph.Outputs.Select(o => o.Name));
        Assert.Equal(["Conv", "Relu", "Conv", "Relu", "MaxPool", "Conv", "Relu"], pruned.Graph.Nodes.Select(n => n.OpType));
        AssertEveryInitializerIsRead(pruned.Graph);
        Assert.DoesNotContain(pruned.Graph.Initializers.Keys, k => k.StartsWith("fc"));
    }

    [Fact]
    public void Pruning_to_the_logits_keeps_the_whole_network()
    {
        var model = VggLike();
        var pruned = GraphPruner.Prune(model, ["logits"]);
        Assert.Equal(model.Graph.Nodes.Count, pruned.Graph.Nodes.Count);
        Assert.Equal(model.Graph.Initializers.Keys.Order(), pruned.Graph.Initializers.Keys.Order());
    }

    [Fact]
    public void Unknown_output_name_is_refused_with_the_name_and_the_file()
    {
        var model = VggLike();
        model.Source = "vgg-like.onnx";

        var e = Assert.Throws<ConvLensException>(() => GraphPruner.Prune(model, ["relu9_9"]));
        Assert.Contains("relu9_9", e.Message);
        Assert.Contains("vgg-like.onnx", e.Message);
    }

    /// <summary>Two conv blocks with max pooling, then two dense layers: the shape of VGG at toy size.</summary>
    private static OnnxModel VggLike()
    {
        var rng = new Random(Seed);
        var b = new GraphBuilder();
        string x = b.Input("x", 1, 3, 16, 16);
        x = Conv(b, rng, x, "conv1_1", 3, 8);
        x = Conv(b, rng, x, "conv1_2", 8, 8);
        x = b.Node("MaxPool", [x], "pool1").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).Outputs[0];
        x = Conv(b, rng, x, "conv2_1", 8, 16);
        x = b.Node("MaxPool", [x], "pool2").With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).Outputs[0];
        x = b.Node("Flatten", [x], "flatten").Outputs[0];
        x = Dense(b, rng, x, "fc1", 16 * 4 * 4, 32);
        x = b.Node("Relu", [x], "fc1_relu").Outputs[0];
        Dense(b, rng, x, "logits", 32, 10);
        b.Output("logits");
        return b.Build();
    }

    private static string Conv(GraphBuilder b, Random rng, string input, string name, int inChannels, int outChannels)
    {
        var w = b.Initializer($"{name}_w", TestTensors.Normal(rng, outChannels, inChannels, 3, 3));
        var bias = b.Initializer($"{name}_b", TestTensors.Normal(rng, outChannels));
        b.Node("Conv", [input, w, bias], name).With("pads", [1L, 1, 1, 1]);
        return b.Node("Relu", [name], "relu" + name[4..]).Outputs[0];
    }

    private static string Dense(GraphBuilder b, Random rng, string input, string name, int inputs, int outputs)
    {
        var w = b.Initializer($"fc_{name}_w", TestTensors.Normal(rng, outputs, inputs));
        var bias = b.Initializer($"fc_{name}_b", TestTensors.Normal(rng, outputs));
        return b.Node("Gemm", [input, w, bias], name).With("transB", 1L).Outputs[0];
    }

    private static void AssertEveryInitializerIsRead(OnnxGraph graph)
    {
        var read = graph.Nodes.SelectMany(n => n.Inputs).ToHashSet();
        foreach (var name in graph.Initializers.Keys) Assert.True(read.Contains(name), $"initializer '{name}' is read by no kept node");
    }
}
