using ConvLens.Graph;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class ScopeAliasesTests
{
    private static readonly LayerCatalog ResNet = new(ExportedModels.TorchResNet());

    private static string ValueOf(LayerCatalog layers, string name) => layers.Resolve(name).Value;

    [Fact]
    public void ResidualBlockAndItsAncestorsNameTheBlockOutput()
    {
        const string block = "/layer1/layer1.0/relu_1/Relu_output_0";
        Assert.Equal(block, ValueOf(ResNet, "layer1.0"));
        Assert.Equal("/layer1/layer1.1/relu_1/Relu_output_0", ValueOf(ResNet, "layer1"));
        Assert.Equal("/layer1/layer1.1/relu_1/Relu_output_0", ValueOf(ResNet, "layer1.1"));
        Assert.Equal("/layer2/layer2.0/relu_1/Relu_output_0", ValueOf(ResNet, "layer2"));
        Assert.Equal("/avgpool/GlobalAveragePool_output_0", ValueOf(ResNet, "avgpool"));
        Assert.Equal("191", ValueOf(ResNet, "fc"));
    }

    [Fact]
    public void ReusedReluNamesItsLastCallAndNumbersEveryCall()
    {
        Assert.Equal("/layer1/layer1.0/relu_1/Relu_output_0", ValueOf(ResNet, "layer1.0.relu"));
        Assert.Equal("/layer1/layer1.0/relu_1/Relu_output_0", ValueOf(ResNet, "layer1.0.relu#2"));
        Assert.Equal("/layer1/layer1.0/relu/Relu_output_0", ValueOf(ResNet, "layer1.0.relu#1"));
        // The stem's relu is called once: no numbered names.
        Assert.Equal("/relu/Relu_output_0", ValueOf(ResNet, "relu"));
        Assert.Null(ResNet.Find("relu#1"));
        // relu_1 is the exporter's call counter, not a module of the user's code.
        Assert.Null(ResNet.Find("layer1.0.relu_1"));
    }

    [Fact]
    public void FoldedConvNamesTheConvOutputAndNestedSequentialsNameTheirLastChild()
    {
        var conv = ResNet.Resolve("layer1.0.conv1");
        Assert.Equal("Conv", conv.Node.OpType);
        Assert.Equal("/layer1/layer1.0/conv1/Conv_output_0", conv.Value);
        Assert.Equal("/layer2/layer2.0/downsample/downsample.0/Conv_output_0", ValueOf(ResNet, "layer2.0.downsample"));
        Assert.Equal("/layer2/layer2.0/downsample/downsample.0/Conv_output_0", ValueOf(ResNet, "layer2.0.downsample.0"));
    }

    [Fact]
    public void ModulePathsComeFirstShallowestFirstThenPositionalAliases()
    {
        var block = ResNet.Find("/layer1/layer1.1/relu_1/Relu_output_0")!;
        Assert.Equal(["layer1", "layer1.1", "layer1.1.relu", "layer1.1.relu#2", "add2"], block.Aliases);
        Assert.Equal("layer1", block.DisplayName);
    }

    [Fact]
    public void ModulePathWinsOverPositionalAliasWithoutRenumbering()
    {
        // torchvision's stem module is called conv1: that name means the module, and conv2 is still the second Conv.
        Assert.Equal("/conv1/Conv_output_0", ValueOf(ResNet, "conv1"));
        Assert.Equal("/layer1/layer1.0/relu/Relu_output_0", ValueOf(ResNet, "conv2"));
    }

    [Fact]
    public void SharedBlockCalledTwiceNumbersItsCallsAndItsChildrensCalls()
    {
        var g = new ExportedGraph();
        var first = g.Op("Relu", "/block/Relu", g.Conv("/block/conv/Conv", g.Input));
        var second = g.Op("Relu", "/block_1/Relu", g.Conv("/block_1/conv/Conv", first));
        var layers = new LayerCatalog(g.Build(second));
        Assert.Equal(first, ValueOf(layers, "block#1"));
        Assert.Equal(second, ValueOf(layers, "block#2"));
        Assert.Equal(second, ValueOf(layers, "block"));
        Assert.Equal("/block_1/conv/Conv_output_0", ValueOf(layers, "block.conv"));
        Assert.Equal("/block/conv/Conv_output_0", ValueOf(layers, "block.conv#1"));
    }

    [Fact]
    public void NumberedModuleNamesWithoutAnUnnumberedSiblingAreKept()
    {
        // Inception's branch3x3_1 and branch3x3_2 are two modules, not two calls of branch3x3.
        var g = new ExportedGraph();
        var a = g.Conv("/Mixed_6a/branch3x3_1/conv/Conv", g.Input);
        var b = g.Conv("/Mixed_6a/branch3x3_2/conv/Conv", a);
        var layers = new LayerCatalog(g.Build(b));
        Assert.Equal(a, ValueOf(layers, "Mixed_6a.branch3x3_1"));
        Assert.Equal(b, ValueOf(layers, "Mixed_6a.branch3x3_2"));
        Assert.Null(layers.Find("Mixed_6a.branch3x3"));
    }

    [Fact]
    public void SequentialChildWithoutNodesNamesTheValuePassingThroughIt()
    {
        // vgg16_bn's features: Conv 0, BatchNorm 1 (folded into the Conv), ReLU 2, Conv 3, BatchNorm 4 (folded, last).
        var g = new ExportedGraph();
        var conv = g.Conv("/features/features.0/Conv", g.Input);
        var last = g.Conv("/features/features.3/Conv", g.Op("Relu", "/features/features.2/Relu", conv));
        var layers = new LayerCatalog(g.Build(last));
        Assert.Equal(conv, ValueOf(layers, "features.1"));
        Assert.Equal(conv, ValueOf(layers, "features.0"));
        // A missing last child has no later sibling to show it passes the value on.
        Assert.Null(layers.Find("features.4"));
    }

    [Fact]
    public void ConcatBlockIsNamedByItsModule()
    {
        var layers = new LayerCatalog(ExportedModels.TorchConcatBlock());
        Assert.Equal("/mixed/Concat_output_0", ValueOf(layers, "mixed"));
        Assert.Equal("/mixed/Concat_output_0", ValueOf(layers, "concat1"));
        Assert.Equal("mixed", layers.Find("concat1")!.DisplayName);
        Assert.Equal("/mixed/branch2/branch2.1/Relu_output_0", ValueOf(layers, "mixed.branch2"));
        Assert.Equal("/mixed/branch2/branch2.0/Conv_output_0", ValueOf(layers, "mixed.branch2.0"));
        Assert.Equal("/mixed/branch1/Conv_output_0", ValueOf(layers, "mixed.branch1"));
    }

    [Fact]
    public void TensorFlowKerasLayerNamesNameTheirLayersOutput()
    {
        var layers = new LayerCatalog(ExportedModels.TensorFlowKeras());
        const string scope = "StatefulPartitionedCall/model";
        Assert.Equal($"{scope}/edges/Relu:0", ValueOf(layers, "edges"));
        Assert.Equal($"{scope}/pool_a/MaxPool:0", ValueOf(layers, "pool_a"));
        Assert.Equal($"{scope}/predictions/Softmax:0", ValueOf(layers, "predictions"));
        Assert.Equal("edges", layers.Find($"{scope}/edges/Relu:0")!.DisplayName);
        // The model scope and tf2onnx's call wrapper wrap everything: they name no layer.
        Assert.Null(layers.Find("model"));
        Assert.Null(layers.Find("StatefulPartitionedCall"));
    }

    [Fact]
    public void ActivationsByModulePathEqualThoseByValueName()
    {
        using var network = Network.FromModel(ExportedModels.TorchResNet());
        var input = FloatTensor.Zeros(2, ExportedGraph.Channels, ExportedGraph.Size, ExportedGraph.Size).FillNormal(new Random(5));
        const string raw = "/layer1/layer1.0/relu_1/Relu_output_0";
        var byPath = network.Activations(input, "layer1.0")["layer1.0"];
        var byValue = network.Activations(input, raw)[raw];
        // The same value of the same graph on the same input: bit-identical, no tolerance needed.
        Assert.Equal(byValue.Shape, byPath.Shape);
        Assert.Equal(byValue.Data, byPath.Data);
    }

    [Fact]
    public void UnknownNamesSuggestModulePaths()
    {
        var error = Assert.Throws<ConvLensException>(() => ResNet.Resolve("layer1.0.conv"));
        Assert.Contains("layer1.0.conv1", error.Message);
    }
}
