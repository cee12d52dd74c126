using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Models;

public sealed class ClassificationHeadTests
{
    [Theory]
    [InlineData(ColourClassifier.Ending.Softmax, "probabilities", ClassificationScoreKind.Probabilities)]
    [InlineData(ColourClassifier.Ending.SoftmaxThenReshape, "reshaped", ClassificationScoreKind.Probabilities)]
    [InlineData(ColourClassifier.Ending.Logits, "logits", ClassificationScoreKind.Logits)]
    [InlineData(ColourClassifier.Ending.LogSoftmax, "log_probabilities", ClassificationScoreKind.LogProbabilities)]
    public void TheGraphTellsWhetherTheOutputIsAlreadyProbabilities(ColourClassifier.Ending ending, string output, ClassificationScoreKind kind)
    {
        using var network = Network.FromModel(ColourClassifier.Build(ending));

        var head = ClassificationHead.Of(network);

        Assert.Equal(output, head.Output);
        Assert.Equal(kind, head.Kind);
        Assert.Equal(1000, head.ClassCount);
        Assert.True(head.IsImageNet);
        Assert.Equal("tabby", head.Label(281).Name);
    }

    [Theory]
    [InlineData(ColourClassifier.Ending.Softmax)]
    [InlineData(ColourClassifier.Ending.Logits)]
    [InlineData(ColourClassifier.Ending.LogSoftmax)]
    public void EveryEndingDecodesToTheSameProbabilities(ColourClassifier.Ending ending)
    {
        using var network = Network.FromModel(ColourClassifier.Build(ending));
        var head = ClassificationHead.Of(network);
        var red = SolidImage(255, 0, 0);

        var top = head.Predict(network, red, 3)[0];

        Assert.Equal([ColourClassifier.RedClass, 0, 1], top.Select(p => p.Index));
        Assert.Equal("tabby", top[0].Name);
        // One softmax in float32 (in ORT or here): 1e-6 absolute on probabilities below 1.
        Assert.Equal(ColourClassifier.WinnerProbability(255), top[0].Probability, 1e-6);
        Assert.Equal(ColourClassifier.LoserProbability(255), top[1].Probability, 1e-6);
    }

    [Fact]
    public void AClassifierOfOtherThanAThousandClassesHasNumberedLabels()
    {
        using var network = Network.FromModel(ColourClassifier.Build(ColourClassifier.Ending.Logits, classes: 10));

        var head = ClassificationHead.Of(network);
        var top = head.Predict(network, SolidImage(0, 0, 255), 1)[0][0];

        Assert.False(head.IsImageNet);
        Assert.Equal(ColourClassifier.BlueClass % 10, top.Index);
        Assert.Equal("class 9", top.Name);
    }

    [Fact]
    public void ThePackagedResNet18HasNoClassifierAndTheMessageSaysWhy()
    {
        using var network = Network.Load(TestFiles.ResNet18);

        var error = Assert.Throws<ConvLensException>(() => ClassificationHead.Of(network));

        Assert.Contains("has no classifier", error.Message);
        Assert.Contains("'Pooling395_Output_0' (N, 512, 1, 1) from AveragePool", error.Message);
        Assert.Contains("convlens fetch vgg19", error.Message);
    }

    [Fact]
    public void AFeatureMapIsNotAClassifier()
    {
        var b = new GraphBuilder();
        var x = b.Input("image", Dim.Sym("N"), 3, 8, 8);
        b.Output(b.Node("Conv", [x, b.Weight("w", new float[4 * 3 * 3 * 3], 4, 3, 3, 3)], "conv").Outputs[0]);
        using var network = Network.FromModel(b.Build());

        var error = Assert.Throws<ConvLensException>(() => ClassificationHead.Of(network));

        Assert.Contains("'conv' (N, 4, 6, 6) from Conv", error.Message);
    }

    private static FloatTensor SolidImage(float r, float g, float b, int size = 32)
    {
        var image = FloatTensor.Zeros(1, 3, size, size);
        int plane = size * size;
        image.Data.AsSpan(0, plane).Fill(r);
        image.Data.AsSpan(plane, plane).Fill(g);
        image.Data.AsSpan(2 * plane, plane).Fill(b);
        return image;
    }
}
