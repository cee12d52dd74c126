using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class LayerCatalogTests
{
    [Fact]
    public void OnnxVggWithoutKerasNamesGetsKerasNamesForPostReluOutputs()
    {
        // Rename every value as an exporter such as PyTorch would, then check the Keras names come back.
        var model = VggArchitecture.Build(VggVariant.Vgg16, VggArchitecture.RandomWeights(1), widthDivisor: 16, imageSize: 32, classes: 10);
        var renamed = RenameValues(model);
        using var network = Network.FromModel(renamed);
        var layers = network.Layers;
        var conv = layers.Resolve("block3_conv2");
        Assert.Equal("Relu", conv.Node.OpType);
        Assert.Equal(layers.Resolve("block3_conv2").Value, layers.Resolve("conv6").Value);
        Assert.Equal("MaxPool", layers.Resolve("block5_pool").Node.OpType);
        Assert.Equal("Relu", layers.Resolve("fc1").Node.OpType);
        Assert.Equal("Softmax", layers.Resolve("predictions").Node.OpType);
        Assert.Equal("Flatten", layers.Resolve("flatten").Node.OpType);
        Assert.Null(layers.Find("block5_conv4"));
    }

    [Fact]
    public void ResNetGetsPositionalAliasesThroughBatchNormAndRelu()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        Assert.Equal("ReLU253_Output_0", network.Layers.Resolve("conv1").Value);
        Assert.Equal("Pooling255_Output_0", network.Layers.Resolve("pool1").Value);
        Assert.Null(network.Layers.Find("block1_conv1"));
        Assert.Equal(64 * 3 * 7 * 7, network.Layers.Resolve("Convolution249_Output_0").Parameters);
    }

    [Fact]
    public void UnnamedResNetGetsAddAndConcatAliasesAfterTheActivation()
    {
        var layers = new LayerCatalog(ExportedModels.UnnamedResNet());
        Assert.Equal("ReLU5_Output_0", layers.Resolve("add1").Value);
        Assert.Equal("Splice10_Output_0", layers.Resolve("concat1").Value);
        Assert.Equal("add1", layers.Find("ReLU5_Output_0")!.DisplayName);
        // A bias Add is no join: Plus8 is the second join, whose alias add2 a real value already has.
        Assert.Equal("add2", layers.Resolve("add2").Value);
        Assert.DoesNotContain("add2", layers.Find("ReLU9_Output_0")!.Aliases);
        Assert.Null(layers.Find("add3"));
        // Existing numbering is untouched: convolutions in graph order, after their activation when one follows.
        Assert.Equal("ReLU2_Output_0", layers.Resolve("conv1").Value);
        Assert.Equal("Convolution3_Output_0", layers.Resolve("conv2").Value);
        Assert.Equal("Convolution12_Output_0", layers.Resolve("conv4").Value);
        Assert.Equal("add2", layers.Resolve("pool1").Value);
    }

    [Fact]
    public void ResolvedLayerShowsTheAliasTheUserTyped()
    {
        var layers = new LayerCatalog(ExportedModels.TorchResNet());
        Assert.Equal("layer1.1.relu", layers.Resolve("layer1.1.relu").DisplayName);
        Assert.Equal("layer1", layers.Resolve(" layer1 ").DisplayName);
        // A raw value name is not a name users chose: they see the friendliest alias.
        Assert.Equal("layer1", layers.Resolve("/layer1/layer1.1/relu_1/Relu_output_0").DisplayName);
    }

    [Fact]
    public void ParameterTotalCountsEachWeightOnce()
    {
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(1), widthDivisor: 16, imageSize: 32, classes: 10);
        using var network = Network.FromModel(model);
        long expected = model.Graph.Initializers.Values.Where(t => t.ElementType == TensorElementType.Float).Sum(t => t.ElementCount);
        Assert.Equal(expected, network.Layers.TotalParameters);
    }

    private static OnnxModel RenameValues(OnnxModel model)
    {
        var copy = model.Clone();
        var map = new Dictionary<string, string>();
        int i = 0;
        foreach (var node in copy.Graph.Nodes)
            for (int o = 0; o < node.Outputs.Count; o++)
                node.Outputs[o] = map[node.Outputs[o]] = $"/{node.OpType}_{i++}_output_0";
        foreach (var node in copy.Graph.Nodes)
            for (int k = 0; k < node.Inputs.Count; k++)
                if (map.TryGetValue(node.Inputs[k], out var n)) node.Inputs[k] = n;
        for (int k = 0; k < copy.Graph.Outputs.Count; k++)
            copy.Graph.Outputs[k] = copy.Graph.Outputs[k] with { Name = map[copy.Graph.Outputs[k].Name] };
        copy.Graph.ValueInfos.Clear();
        ShapeInference.Infer(copy);
        return copy;
    }
}
