using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Visualization;

public sealed class ObjectiveSessionTests
{
    [Fact]
    public void KeepsWorkingAfterTheNetworksCacheEvictedItsSession()
    {
        // A cache of one session: compiling the second objective disposes the first one's session.
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(3), new EngineOptions { SessionCacheCapacity = 1 });
        var input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(3), 2f);
        using var first = new ObjectiveSession(network, Objective.Channel("c2", 1), 1);
        first.Run(input);
        double before = first.Values[0];
        using var second = new ObjectiveSession(network, Objective.Layer("c1"), 1);
        second.Run(input);
        first.Run(input);
        Assert.Equal(before, first.Values[0]);
        Assert.Equal(3, network.SessionsCompiled);
    }

    [Fact]
    public void ALayerSlicedToItsObjectivesChannelsGivesTheFullLayersValuesAndGradients()
    {
        // Items 0 and 1 score channels 4 and 1 (+ a neuron of channel 4): 2 of c2's 6 channels.
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(8));
        var objective = Objective.Channel("c2", 4, item: 0) + Objective.Channel("c2", 1, item: 1) + 0.5 * Objective.Neuron("c2", 4, 3, 7);
        var input = FloatTensor.Zeros(2, 3, 16, 16).FillNormal(new Random(8), 2f);
        using var sliced = new ObjectiveSession(network, objective, 2);
        using var full = new ObjectiveSession(network, objective, 2, sliceChannels: false);
        sliced.Run(input);
        full.Run(input);

        Assert.Equal([2, 2, 16, 16], sliced.Seeds["c2"].Shape);
        Assert.Equal([2, 6, 16, 16], full.Seeds["c2"].Shape);
        // The sliced convolution sums the same products as the full one, perhaps in another order:
        // 1e-5 relative to the values and to the largest gradient.
        for (int i = 0; i < 2; i++) Assert.Equal(full.Values[i], sliced.Values[i], 1e-5 * Math.Abs(full.Values[i]));
        float largest = full.Gradient.Data.Max(Math.Abs);
        Assert.True(largest > 0);
        for (int k = 0; k < input.Length; k++) Assert.Equal(full.Gradient.Data[k], sliced.Gradient.Data[k], 1e-5 * largest);
    }

    [Theory]
    [InlineData("c2_preact", false)]   // a second linear term on the convolution the slice would copy: both sliced
    [InlineData("mean_square", true)]  // a graph term needing the whole layer: the slice is dropped
    public void ObjectivesMixingTermsOnOneConvolutionGiveTheFullSessionsResults(string other, bool full)
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(11));
        var objective = Objective.Channel("c2", 1) + (other == "mean_square" ? 0.1 * Objective.Layer("c2_preact") : Objective.Channel(other, 3));
        var input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(11), 2f);
        using var session = new ObjectiveSession(network, objective, 1);
        using var reference = new ObjectiveSession(network, objective, 1, sliceChannels: false);
        session.Run(input);
        reference.Run(input);

        Assert.Equal(full ? 6 : 1, session.Seeds["c2"].Shape[1]);
        // As above: 1e-5 relative.
        Assert.Equal(reference.Values[0], session.Values[0], 1e-5 * Math.Abs(reference.Values[0]));
        float largest = reference.Gradient.Data.Max(Math.Abs);
        for (int k = 0; k < input.Length; k++) Assert.Equal(reference.Gradient.Data[k], session.Gradient.Data[k], 1e-5 * largest);
    }

    [Fact]
    public void OneSlicedSessionServesEveryChoiceOfAsManyChannels()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(8));
        var input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(9), 2f);
        var values = new List<double>();
        foreach (int channel in new[] { 0, 3, 5 })
        {
            using var session = new ObjectiveSession(network, Objective.Channel("c2", channel), 1);
            session.Run(input);
            using var reference = new ObjectiveSession(network, Objective.Channel("c2", channel), 1, sliceChannels: false);
            reference.Run(input);
            Assert.Equal(reference.Values[0], session.Values[0], 1e-5 * Math.Abs(reference.Values[0]));
            values.Add(session.Values[0]);
        }
        // One sliced session (K = 1) and one full session, whatever the channel.
        Assert.Equal(2, network.SessionsCompiled);
        Assert.Equal(3, values.Distinct().Count());
    }

    [Fact]
    public void RunAfterDisposeIsAnError()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(3));
        var session = new ObjectiveSession(network, Objective.Channel("c2", 1), 1);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(FloatTensor.Zeros(1, 3, 16, 16)));
    }
}
