using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

public sealed class ScopeNamesTests
{
    private static readonly HashSet<string> OpTypes = new(StringComparer.Ordinal) { "Conv", "Mul", "Add", "Relu", "Pad" };

    private static string[] Paths(string nodeName, string opType = "Conv") =>
        ScopeNames.Of(new Node(opType, [], ["y"], nodeName), OpTypes).Select(f => f.Path).ToArray();

    [Fact]
    public void ContainerChildrenContinueTheContainersPath()
    {
        // MobileNet/EfficientNet nest Sequentials: each child segment repeats its container's name.
        Assert.Equal(
            ["features", "features.1", "features.1.0", "features.1.0.block", "features.1.0.block.1", "features.1.0.block.1.activation"],
            Paths("/features/features.1/features.1.0/block/block.1/activation/Mul", "Mul"));
        Assert.Equal(["layer2", "layer2.0", "layer2.0.downsample", "layer2.0.downsample.0"], Paths("/layer2/layer2.0/downsample/downsample.0/Conv"));
    }

    [Fact]
    public void FunctionalOpsBelongToTheModuleWhoseForwardCallsThem()
    {
        Assert.Equal(["layer1", "layer1.0"], Paths("/layer1/layer1.0/Add", "Add"));
        Assert.Empty(Paths("/Flatten", "Flatten"));
    }

    [Fact]
    public void SegmentsAGraphRewriteAppendsAfterTheOpAreNotModules()
    {
        Assert.Equal(["features", "features.0"], Paths("/features/features.0/Conv/bias", "Add"));
        Assert.Equal(["features", "features.0"], Paths("/features/features.0/Conv_1/explicit_pads", "Pad"));
    }

    [Fact]
    public void UpperCaseModuleNamesThatAreNoOpStayModules()
    {
        Assert.Equal(["Mixed_5b", "Mixed_5b.branch3x3dbl_1", "Mixed_5b.branch3x3dbl_1.conv"], Paths("/Mixed_5b/branch3x3dbl_1/conv/Conv"));
    }

    [Fact]
    public void TensorFlowScopesAreKerasLayersWithoutTheCallWrapper()
    {
        var frames = ScopeNames.Of(new Node("Relu", [], ["y"], "StatefulPartitionedCall/model/block1_conv1/Relu"), OpTypes);
        Assert.Equal(["model", "block1_conv1"], frames.Select(f => f.Path));
        Assert.All(frames, f => Assert.Equal(AliasKind.KerasName, f.Kind));
    }

    [Fact]
    public void PlainAndPreprocessingNamesHaveNoScopes()
    {
        Assert.Empty(Paths("ReLU333", "Relu"));
        Assert.Empty(Paths($"{Layer.PreprocessingPrefix}scale", "Mul"));
    }
}
