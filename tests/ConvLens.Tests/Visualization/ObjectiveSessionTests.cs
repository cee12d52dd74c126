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
    public void RunAfterDisposeIsAnError()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(3));
        var session = new ObjectiveSession(network, Objective.Channel("c2", 1), 1);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(FloatTensor.Zeros(1, 3, 16, 16)));
    }
}
