using ConvLens.Autodiff;
using ConvLens.Runtime;
using ConvLens.Tests.Visualization;
using Xunit;

namespace ConvLens.Tests.Runtime;

/// <summary><see cref="GradientRequest.SlicedLayers"/> through <see cref="Network.Gradient"/> itself.</summary>
public sealed class SlicedGradientTests
{
    private static readonly FloatTensor Input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(4), 2f);

    /// <summary>dA for c2 (1, 6, 16, 16) with ones on <paramref name="channel"/>, and the one-hot selection of it.</summary>
    private static (FloatTensor Full, FloatTensor Sliced, FloatTensor Selection) Seed(int channel)
    {
        var full = FloatTensor.Zeros(1, 6, 16, 16);
        full.Data.AsSpan(channel * 256, 256).Fill(1f);
        var sliced = FloatTensor.Zeros(1, 1, 16, 16);
        sliced.Data.AsSpan().Fill(1f);
        var selection = FloatTensor.Zeros(1, 6);
        selection.Data[channel] = 1f;
        return (full, sliced, selection);
    }

    [Fact]
    public void ASlicedSessionTakesASelectionAndGivesTheFullSessionsGradient()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(4));
        var (full, sliced, selection) = Seed(2);
        var plain = network.Gradient(GradientRequest.ForLayer("c2"));
        var slicedSession = network.Gradient(GradientRequest.ForLayer("c2") with { SlicedLayers = new Dictionary<string, int> { ["c2"] = 1 } });
        Assert.Equal(["c2"], slicedSession.SelectionInputs.Keys);
        var expected = plain.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = full })[plain.GradientOutputs[network.Input.Name]];
        var actual = slicedSession.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = sliced },
            new Dictionary<string, FloatTensor> { ["c2"] = selection })[slicedSession.GradientOutputs[network.Input.Name]];
        // The same products, perhaps summed in another order: 1e-5 of the largest gradient.
        float largest = expected.Data.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected.Data[i], actual.Data[i], 1e-5 * largest);

        var missing = Assert.Throws<ArgumentException>(() => slicedSession.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = sliced }));
        Assert.Contains("no channel selection for layer 'c2'", missing.Message);
    }

    [Theory]
    [InlineData("c2_preact")]   // the convolution's output, which the sliced copy bypasses
    [InlineData("c2")]          // the layer itself
    public void AGradientWithRespectToAValueTheSliceWouldBypassKeepsTheFullLayer(string wrt)
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(4));
        var (full, _, _) = Seed(2);
        var request = GradientRequest.ForLayer("c2") with { WithRespectTo = [wrt] };
        var plain = network.Gradient(request);
        var asked = network.Gradient(request with { SlicedLayers = new Dictionary<string, int> { ["c2"] = 1 } });
        Assert.Empty(asked.SelectionInputs);
        var expected = plain.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = full })[plain.GradientOutputs[wrt]];
        var actual = asked.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = full })[asked.GradientOutputs[wrt]];
        Assert.Contains(expected.Data, v => v != 0);
        Assert.Equal(expected.Data, actual.Data);
    }

    [Fact]
    public void SlicingALayerThatIsNotSeededIsAnError()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(4));
        var error = Assert.Throws<ArgumentException>(() =>
            network.Gradient(GradientRequest.ForLayer("c2") with { SlicedLayers = new Dictionary<string, int> { ["c1"] = 1 } }));
        Assert.Contains("'c1' is not one of the request's seeded layers", error.Message);
    }

    [Fact]
    public void TheGradientRedirectRulesSliceLikeThePlainOnes()
    {
        // Lucid's redirect decides per item whether any gradient passes a ReLU; unselected channels carry
        // zero seeds, so the sliced session must decide the same.
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(4));
        var (full, sliced, selection) = Seed(5);
        var request = GradientRequest.ForLayer("c2") with { Registry = GradientRegistry.GradientRedirect };
        var plain = network.Gradient(request);
        var slicedSession = network.Gradient(request with { SlicedLayers = new Dictionary<string, int> { ["c2"] = 1 } });
        var expected = plain.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = full })[plain.GradientOutputs[network.Input.Name]];
        var actual = slicedSession.Run(Input, new Dictionary<string, FloatTensor> { ["c2"] = sliced },
            new Dictionary<string, FloatTensor> { ["c2"] = selection })[slicedSession.GradientOutputs[network.Input.Name]];
        float largest = expected.Data.Max(Math.Abs);
        Assert.True(largest > 0);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected.Data[i], actual.Data[i], 1e-5 * largest);
    }
}
