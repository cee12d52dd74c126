using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Runtime;

public sealed class NetworkTests
{
    // Same ORT kernels on the same weights; only graph optimisations and thread partitioning may reorder
    // float32 sums: 1e-5 of the largest activation is far above that noise and far below any real error.
    private const double Tolerance = 1e-5;

    private static readonly string[] ResNetValues =
        ["ReLU253_Output_0", "Pooling255_Output_0", "Convolution263_Output_0", "Pooling395_Output_0"];

    [Fact]
    public void ResNet18ForwardEqualsPlainOnnxRuntimeAtOutputAndIntermediates()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var input = FloatTensor.Zeros(1, 3, 224, 224).FillNormal(new Random(3), 60f);
        var expected = OrtReference.Run(TestFiles.ResNet18, input.Data, [1, 3, 224, 224], ResNetValues[..^1]);
        var actual = network.Activations(input, ResNetValues);
        foreach (var value in ResNetValues)
            Assert.True(OrtReference.RelativeError(actual[value].Data, expected[value]) < Tolerance, value);
    }

    [Fact]
    public void ResNet18RunsBatchThreeAsThreeSingleImages()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        Assert.False(network.FixedBatch);
        var batch = FloatTensor.Zeros(3, 3, 224, 224).FillNormal(new Random(4), 60f);
        var output = network.Activations(batch, "Pooling395_Output_0")["Pooling395_Output_0"];
        Assert.Equal([3, 512, 1, 1], output.Shape);
        for (int i = 0; i < 3; i++)
        {
            var single = OrtReference.Run(TestFiles.ResNet18, batch.Item(i).ToArray(), [1, 3, 224, 224])["Pooling395_Output_0"];
            Assert.True(OrtReference.RelativeError(output.Item(i), single) < Tolerance, $"item {i}");
        }
    }

    [Fact]
    public void VggTopologyForwardEqualsPlainOnnxRuntimeOnTheWrittenFile()
    {
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(5), widthDivisor: 16, imageSize: 64, classes: 10);
        var path = Path.Combine(TestFiles.TempFolder(), "vgg19-narrow.onnx");
        OnnxModelWriter.WriteFile(model, path);
        using var network = Network.Load(path);
        var input = FloatTensor.Zeros(2, 3, 64, 64).FillNormal(new Random(6), 50f);
        var actual = network.Activations(input, "predictions_logits", "block3_conv2");
        for (int i = 0; i < 2; i++)
        {
            var expected = OrtReference.Run(path, input.Item(i).ToArray(), [1, 3, 64, 64], "predictions_logits", "block3_conv2");
            Assert.True(OrtReference.RelativeError(actual["predictions_logits"].Item(i), expected["predictions_logits"]) < Tolerance);
            Assert.True(OrtReference.RelativeError(actual["block3_conv2"].Item(i), expected["block3_conv2"]) < Tolerance);
        }
    }

    [Fact]
    public void SessionForAnEarlyLayerHoldsOnlyTheWeightsItUses()
    {
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(1), widthDivisor: 16, imageSize: 64, classes: 10);
        using var network = Network.FromModel(model);
        var session = network.Forward(["block3_conv2"]);
        var graph = session.Model.Graph;
        var consumed = graph.Nodes.SelectMany(n => n.Inputs).ToHashSet();
        Assert.All(graph.Initializers.Keys, name => Assert.Contains(name, consumed));
        Assert.DoesNotContain(graph.Initializers.Keys, k => k.StartsWith("fc", StringComparison.Ordinal) || k.StartsWith("block4", StringComparison.Ordinal));
        Assert.Contains("block3_conv2/kernel", graph.Initializers.Keys);
        Assert.Equal(6, graph.Nodes.Count(n => n.OpType == "Conv"));
        Assert.Equal(2, graph.Nodes.Count(n => n.OpType == "MaxPool"));
    }

    [Fact]
    public void SessionsAreCompiledOncePerRequest()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var a = network.Forward(["conv3"]);
        var b = network.Forward(["conv3"]);
        Assert.Same(a, b);
        Assert.Equal(1, network.SessionsCompiled);
        network.Forward(["conv4"]);
        Assert.Equal(2, network.SessionsCompiled);
    }

    [Fact]
    public void WrongInputShapeIsAClearError()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var e = Assert.Throws<ConvLensException>(() => network.Activations(FloatTensor.Zeros(1, 3, 200, 200), "conv1"));
        Assert.Contains("Input247", e.Message);
        Assert.Contains("(N, 3, 224, 224)", e.Message);
        Assert.Contains("(1, 3, 200, 200)", e.Message);
    }

    [Fact]
    public void UnknownLayerListsTheClosestNames()
    {
        var model = VggArchitecture.Build(VggVariant.Vgg19, VggArchitecture.RandomWeights(1), widthDivisor: 16, imageSize: 64, classes: 10);
        using var network = Network.FromModel(model);
        var e = Assert.Throws<ConvLensException>(() => network.Forward(["block3_conv9"]));
        Assert.Contains("'block3_conv9'", e.Message);
        Assert.Contains("block3_conv2", e.Message);
    }

    [Fact]
    public void RunIntoReusesTheCallersBuffers()
    {
        using var network = Network.Load(TestFiles.ResNet18);
        var session = network.Forward(["conv1"]);
        var feeds = new Dictionary<string, FloatTensor> { [network.Input.Name] = FloatTensor.Zeros(1, 3, 224, 224).FillNormal(new Random(1), 50f) };
        var output = FloatTensor.Zeros(session.OutputShape(session.OutputNames[0], feeds)!);
        var outputs = new Dictionary<string, FloatTensor> { [session.OutputNames[0]] = output };
        session.RunInto(feeds, outputs);
        var first = output.Data.ToArray();
        Assert.Contains(first, v => v > 0);
        feeds[network.Input.Name].FillNormal(new Random(2), 50f);
        session.RunInto(feeds, outputs);
        Assert.Same(output, outputs[session.OutputNames[0]]);
        Assert.NotEqual(first, output.Data);
    }
}
