using ConvLens.Attribution;
using ConvLens.Attribution.Cam;
using ConvLens.Attribution.Gradients;
using ConvLens.Attribution.Targets;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Attribution;

/// <summary>Attribution on the real ResNet18 (no classifier: its targets are channels).</summary>
public sealed class ResNet18AttributionTests(ResNet18Fixture fixture) : IClassFixture<ResNet18Fixture>
{
    private const string Pooled = ResNet18Fixture.Pooled;
    private const string CamLayer = "ReLU347_Output_0";   // output of the last 14 × 14 residual block

    private int Channel => fixture.ActiveChannel;

    [Fact]
    public void GradCamEqualsTheWeightedSumComputedFromTheEnginesActivationsAndGradients()
    {
        var network = fixture.Network;
        var map = new GradCam { Layer = CamLayer }.Explain(network, fixture.Image, new ChannelTarget(Pooled, Channel));

        // The same quantities straight from a gradient session: A and dy/dA of the pooled channel.
        var session = network.Gradient(new GradientRequest { SeededLayers = [Pooled], WithRespectTo = [CamLayer], Outputs = [CamLayer] });
        var seed = FloatTensor.Zeros(1, 512, 1, 1);
        seed.Data[Channel] = 1;
        var outputs = session.Run(fixture.Image, new Dictionary<string, FloatTensor> { [Pooled] = seed });
        var a = outputs[session.OutputValues[CamLayer]];
        var g = outputs[session.GradientOutputs[CamLayer]];
        int channels = a.Shape[1], plane = a.Shape[2] * a.Shape[3];
        var expected = new double[plane];
        for (int c = 0; c < channels; c++)
        {
            double weight = 0;
            for (int p = 0; p < plane; p++) weight += g.Data[c * plane + p];
            weight /= plane;
            for (int p = 0; p < plane; p++) expected[p] += weight * a.Data[c * plane + p];
        }
        for (int p = 0; p < plane; p++) expected[p] = Math.Max(expected[p], 0);

        Assert.Equal((14, 14), (map.Height, map.Width));
        double scale = expected.Max();
        Assert.True(scale > 0 && expected.Count(v => v > 0) > 5, $"a trivial map makes no test (max {scale}, image seed {ResNet18Fixture.ImageSeed})");
        // Both sums run in double over float inputs; only their order differs: 1e-5 of the map's largest value.
        for (int p = 0; p < plane; p++)
            Assert.True(Math.Abs(map.Values[p] - expected[p]) <= 1e-5 * scale, $"position {p}: {map.Values[p]} vs {expected[p]} (image seed {ResNet18Fixture.ImageSeed})");
        // The score is the channel's pooled value, read from the same run.
        var pooled = network.Activations(fixture.Image, Pooled)[Pooled];
        Assert.Equal(pooled.Data[Channel], map.Score, 1e-4);
    }

    [Fact]
    public void TheDefaultCamLayerIsTheLastResidualBlocksOutput()
    {
        var map = new GradCam().Explain(fixture.Network, fixture.Image, new ChannelTarget(Pooled, Channel));
        // The map names the layer as users see it (the last residual join's alias); it is that block's output value.
        Assert.NotNull(map.Layer);
        Assert.Equal("ReLU393_Output_0", fixture.Network.Layers.Resolve(map.Layer).Value);
        Assert.Equal((7, 7), (map.Height, map.Width));
    }

    [Fact]
    public void TheDefaultCamLayerNeverLiesPastTheTarget()
    {
        // conv22 is the last convolution's BatchNorm output, before the residual Add and ReLU.
        var map = new GradCam().Explain(fixture.Network, fixture.Image, new ChannelTarget("conv22", 3));
        Assert.Equal("conv22", map.Layer);
    }

    [Fact]
    public void IntegratedGradientsIsCompleteWithinOnePercentAt64Steps()
    {
        var map = new IntegratedGradients { Steps = 64, BatchSize = 16 }.Explain(fixture.Network, fixture.Image, new ChannelTarget(Pooled, Channel));
        var completeness = map.Completeness!;
        Assert.True(Math.Abs(completeness.ScoreDifference) > 1e-3, $"score difference {completeness.ScoreDifference} too small to test (image seed {ResNet18Fixture.ImageSeed})");
        // The bar: the attributions add up to f(x) − f(baseline) within 1% at 64 midpoint steps.
        Assert.True(completeness.RelativeError < 0.01,
            $"sum {completeness.AttributionSum} vs f(x) − f(x′) = {completeness.ScoreDifference}: {completeness.RelativeError:P2} (image seed {ResNet18Fixture.ImageSeed})");
        Assert.Equal(completeness.AttributionSum, map.InputAttributions!.Data.Sum(v => (double)v), Math.Abs(completeness.AttributionSum) * 1e-4);
    }

    [Fact]
    public void SmoothGradWithZeroNoiseEqualsSaliency()
    {
        var target = new ChannelTarget("conv12", 7);
        var saliency = new Saliency().Explain(fixture.Network, fixture.Image, target);
        var smooth = new SmoothGrad { NoiseLevel = 0, Samples = 3, BatchSize = 2 }.Explain(fixture.Network, fixture.Image, target);
        var expected = saliency.InputAttributions!.Data;
        var actual = smooth.InputAttributions!.Data;
        float scale = expected.Max();
        Assert.True(scale > 0, "the saliency map is all zero");
        // The same input at batch 2 and 1: ONNX Runtime may pick other kernels per batch size, so the
        // gradients agree to float rounding (1e-5 of the largest), not bit for bit.
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * scale, $"value {i}: saliency {expected[i]}, SmoothGrad {actual[i]}");
        Assert.Equal(saliency.Score, smooth.Score, 1e-4);
    }

    [Fact]
    public void AskingForAClassIsAClearError()
    {
        var error = Assert.Throws<ConvLensException>(() => ClassTarget.For(fixture.Network, 281));
        Assert.Contains("has no classifier", error.Message);
        Assert.Contains("channel", error.Message);
        Assert.Contains(Pooled, error.Message);
    }

    [Fact]
    public void AChannelOutOfRangeIsAClearErrorBeforeAnythingRuns()
    {
        var error = Assert.Throws<ConvLensException>(() => new Saliency().Explain(fixture.Network, fixture.Image, new ChannelTarget(Pooled, 512)));
        Assert.Contains("channels 0..511", error.Message);
    }

    [Fact]
    public void AnImageOfTheWrongSizeIsAClearError()
    {
        var error = Assert.Throws<ConvLensException>(() => new GradCam().Explain(fixture.Network, FloatTensor.Zeros(1, 3, 100, 224), new ChannelTarget(Pooled, 1)));
        Assert.Contains("(1, 3, 224, 224)", error.Message);
    }
}
