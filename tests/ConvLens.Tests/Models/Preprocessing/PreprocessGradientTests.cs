using ConvLens.Graph;
using ConvLens.Models.Preprocessing;
using ConvLens.Runtime;
using ConvLens.Tests.Runtime;
using Xunit;

namespace ConvLens.Tests.Models.Preprocessing;

/// <summary>
/// With a preset in the graph, gradients can be taken with respect to the pixels and to the preprocessed
/// input in one pass, and they must obey the chain rule through the preset:
/// d/dpixel[c] = d/dpreprocessed[c′] / divisor[c′], where c′ is c after the channel reversal.
/// </summary>
public sealed class PreprocessGradientTests
{
    [Theory]
    [InlineData("caffe", new[] { 2, 1, 0 }, new[] { 1.0, 1.0, 1.0 })]
    [InlineData("torch", new[] { 0, 1, 2 }, new[] { 0.229 * 255, 0.224 * 255, 0.225 * 255 })]
    [InlineData("tf", new[] { 0, 1, 2 }, new[] { 127.5, 127.5, 127.5 })]
    [InlineData("none", new[] { 0, 1, 2 }, new[] { 1.0, 1.0, 1.0 })]
    public void PixelGradientIsThePreprocessedGradientThroughThePreset(string preset, int[] sourceChannel, double[] divisor)
    {
        const int seed = 51;
        using var network = Network.FromModel(PreprocessingPresets.Apply(PreprocessGraphTests.SmallVgg(seed), preset));
        var request = new GradientRequest { SeededLayers = ["predictions_logits"], WithRespectTo = ["pixels", "input"] };
        var session = network.Gradient(request);
        var pixels = PreprocessGraphTests.RandomPixels(seed, batch: 2, size: 32);
        var seedTensor = FloatTensor.Zeros(2, 10).FillNormal(new Random(seed));
        var outputs = session.Run(pixels, new Dictionary<string, FloatTensor> { ["predictions_logits"] = seedTensor });
        var byPixel = outputs[session.GradientOutputs["pixels"]];
        var byPreprocessed = outputs[session.GradientOutputs["input"]];
        Assert.Equal(pixels.Shape, byPixel.Shape);
        AssertChainRule(byPixel, byPreprocessed, sourceChannel, divisor, $"seed {seed}, {preset}");
    }

    [Fact]
    public void PackagedResNet18PixelGradientIsItsPreprocessedGradientWithChannelsSwapped()
    {
        const int seed = 52;
        var model = OnnxModelReader.ReadFile(TestFiles.ResNet18);
        using var network = Network.FromModel(PreprocessingPresets.Apply(model, "resnet18-featurizer"));
        var session = network.Gradient(new GradientRequest { SeededLayers = ["Pooling395_Output_0"], WithRespectTo = ["pixels", "Input247"] });
        var pixels = PreprocessGraphTests.RandomPixels(seed, batch: 1, size: 224);
        var seedTensor = FloatTensor.Zeros(1, 512, 1, 1).FillNormal(new Random(seed));
        var outputs = session.Run(pixels, new Dictionary<string, FloatTensor> { ["Pooling395_Output_0"] = seedTensor });
        AssertChainRule(outputs[session.GradientOutputs["pixels"]], outputs[session.GradientOutputs["Input247"]], [2, 1, 0], [1, 1, 1], $"seed {seed}, resnet18");
    }

    /// <summary>
    /// pixel[b, c] must equal preprocessed[b, source[c]] / divisor[source[c]]. Copies and a subtraction pass
    /// gradients through unchanged and a division rounds once in float32, so 1e-6 of the largest gradient
    /// bounds any legitimate difference.
    /// </summary>
    private static void AssertChainRule(FloatTensor byPixel, FloatTensor byPreprocessed, int[] source, double[] divisor, string context)
    {
        int plane = byPixel.Shape[2] * byPixel.Shape[3];
        var expected = new float[byPixel.Length];
        for (int b = 0; b < byPixel.Shape[0]; b++)
            for (int c = 0; c < 3; c++)
                for (int p = 0; p < plane; p++)
                    expected[(b * 3 + c) * plane + p] = (float)(byPreprocessed.Data[(b * 3 + source[c]) * plane + p] / divisor[source[c]]);
        Assert.True(expected.Any(v => v != 0), $"{context}: the gradient must not vanish");
        double error = OrtReference.RelativeError(byPixel.Data, expected);
        Assert.True(error < 1e-6, $"{context}: relative error {error}");
    }
}
