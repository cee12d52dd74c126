using ConvLens.Attribution;
using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Gradients;
using ConvLens.Attribution.Targets;
using ConvLens.Graph;
using ConvLens.Runtime;
using ConvLens.Tests.Models;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Attribution;

public sealed class TargetTests
{
    [Theory]
    [InlineData(ColourClassifier.Ending.Softmax)]
    [InlineData(ColourClassifier.Ending.SoftmaxThenReshape)]
    [InlineData(ColourClassifier.Ending.LogSoftmax)]
    [InlineData(ColourClassifier.Ending.Logits)]
    public void AClassIsItsLogitBeforeAnySoftmax(ColourClassifier.Ending ending)
    {
        using var network = Network.FromModel(ColourClassifier.Build(ending));
        var target = ClassTarget.For(network, ColourClassifier.RedClass);
        Assert.Equal("logits", network.Layers.Resolve(target.Layer).Value);
        Assert.Equal("class 281 (tabby)", target.Description);

        // A red image: the red logit is Scale × 200, and saliency of it is Scale / (32 · 32) on every red pixel.
        var image = new FloatTensor(new float[3 * 32 * 32], 1, 3, 32, 32);
        image.Data.AsSpan(0, 32 * 32).Fill(200);
        var map = new Saliency().Explain(network, image, target);
        Assert.Equal(ColourClassifier.Scale * 200, map.Score, 1e-4);
        Assert.Equal(ColourClassifier.Scale / 1024, map.InputAttributions!.Data[0], 1e-9);
        Assert.Equal(0, map.InputAttributions.Data[32 * 32]);
    }

    [Fact]
    public void TheTopPredictionIsTheImagesBestClass()
    {
        using var network = Network.FromModel(ColourClassifier.Build());
        var image = new FloatTensor(new float[3 * 32 * 32], 1, 3, 32, 32);
        image.Data.AsSpan(2 * 32 * 32, 32 * 32).Fill(250);
        Assert.Equal(ColourClassifier.BlueClass, ClassTarget.TopPrediction(network, image).ClassIndex);
    }

    [Fact]
    public void AClassOutOfRangeIsAClearError()
    {
        using var network = Network.FromModel(ColourClassifier.Build());
        Assert.Contains("0..999", Assert.Throws<ConvLensException>(() => ClassTarget.For(network, 1000)).Message);
    }

    [Fact]
    public void AChannelTargetSeedsTheChannelsMean()
    {
        var seed = FloatTensor.Zeros(2, 3, 2, 2);
        new ChannelTarget("x", 1).WriteSeed(seed);
        for (int i = 0; i < 2; i++)
            Assert.Equal([0, 0, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f, 0, 0, 0, 0], seed.Item(i).ToArray());
    }

    [Fact]
    public void AVisualizationObjectiveExplainsLikeTheChannelItNames()
    {
        const int seed = 2;
        using var network = Network.FromModel(QuadrantModel.Build(seed));
        var image = new FloatTensor(QuadrantModel.RandomImage(seed), 1, 3, QuadrantModel.Height, QuadrantModel.Width);
        var viaObjective = new GradCam().Explain(network, image, ObjectiveTarget.For(network, 2 * Objective.Channel(QuadrantModel.Features, 6)));
        var viaChannel = new GradCam().Explain(network, image, new ChannelTarget(QuadrantModel.Features, 6));
        // Twice the channel's mean: twice the score and twice the map (to float rounding, 1e-5 relative).
        Assert.Equal(2 * viaChannel.Score, viaObjective.Score, Math.Abs(viaChannel.Score) * 1e-5);
        for (int p = 0; p < viaChannel.Values.Length; p++)
            Assert.Equal(2 * viaChannel.Values[p], viaObjective.Values[p], viaChannel.Values.Max() * 1e-5);

        var error = Assert.Throws<ConvLensException>(() => ObjectiveTarget.For(network, Objective.Layer(QuadrantModel.Features)));
        Assert.Contains("non-linear", error.Message);
    }
}
