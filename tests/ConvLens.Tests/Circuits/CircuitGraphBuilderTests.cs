using ConvLens.Circuits;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Circuits;

public sealed class CircuitGraphBuilderTests
{
    [Fact]
    public void EachLevelHoldsTheTopInputsOfTheLevelAbove()
    {
        using var network = CircuitModels.NarrowVgg(3);
        var options = new CircuitGraphOptions { Depth = 3, Top = 3, Fanout = 2 };

        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block3_conv2", 5, options);

        Assert.Equal(("block3_conv2", 5), (circuit.Root.Value, circuit.Root.Channel));
        var first = KernelAnalyzer.Analyze(network, "block3_conv2", 5, top: 3);
        Assert.Equal(first.TopSlices.Select(s => s.InputChannel), circuit.Level(1).Select(n => n.Channel));
        Assert.All(circuit.Level(1), n => Assert.Equal("block3_conv1", n.Value));
        // Each level-1 node keeps its own top 2 of block2_pool; shared inputs appear once.
        foreach (var node in circuit.Level(1))
        {
            Assert.Equal(["block3_conv1_preact"], node.Convs);
            var expected = KernelAnalyzer.Analyze(network, "block3_conv1", node.Channel, top: 2).TopSlices.Select(s => s.InputChannel);
            var actual = circuit.Edges.Where(e => e.To == node.Id).Select(e => circuit.Nodes[e.From].Channel);
            Assert.Equal(expected, actual);
        }
        Assert.All(circuit.Level(2), n => Assert.Equal("block2_pool", n.Value));
        Assert.Equal(circuit.Nodes.Count, circuit.Nodes.Select(n => (n.Value, n.Channel)).Distinct().Count());
        Assert.All(circuit.Level(3), n => Assert.Equal("block2_conv1", n.Value));
        Assert.DoesNotContain(circuit.Nodes, n => n.Depth == 4);
        Assert.All(circuit.Edges, e => Assert.Equal(circuit.Nodes[e.From].Channel, e.Slice.InputChannel));
    }

    [Fact]
    public void AResidualChannelExpandsIntoBothConvolutionBranches()
    {
        using var network = Network.FromModel(CircuitModels.Residual(2));

        // c5 reads cat; channel 1 of cat is r3 = Relu(c3 + c4): both expand.
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "c5", 0, new CircuitGraphOptions { Depth = 2, Top = 8, Fanout = 4 });

        var cat1 = circuit.Level(1).Single(n => n.Value == "cat" && n.Channel == 1);
        Assert.Equal(["c3", "c4"], cat1.Convs);
        Assert.Equal(["c3", "c4"], circuit.Edges.Where(e => e.To == cat1.Id).Select(e => e.Conv).Distinct());
        // Channel 5 of cat is r1's channel 1, made by c1 from the image input.
        var cat5 = circuit.Level(1).Single(n => n.Value == "cat" && n.Channel == 5);
        Assert.Equal(["c1"], cat5.Convs);
        Assert.All(circuit.Edges.Where(e => e.To == cat5.Id), e => Assert.Equal("input", circuit.Nodes[e.From].Value));
    }

    [Fact]
    public void TooManyNodesIsAUserErrorBeforeAnythingIsVisualized()
    {
        using var network = CircuitModels.NarrowVgg(3);
        var options = new CircuitGraphOptions { Depth = 3, Top = 6, MaxNodes = 20 };

        var error = Assert.Throws<ConvLensException>(() => CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block3_conv2", 0, options));

        Assert.Contains("more than 20", error.Message);
        Assert.Contains("--max-nodes", error.Message);
    }

    [Fact]
    public void WithMeasurementsEdgesAreChosenAndSizedByData()
    {
        const int seed = 5;
        using var network = CircuitModels.NarrowVgg(seed);
        var folder = new ImageFolder(GeneratedDataset.Write(4, seed));
        int calls = 0;
        var circuit = CircuitGraphBuilder.Build(network.Model.Graph, network.Layers, "block2_conv2", 1, new CircuitGraphOptions { Depth = 2, Top = 3 },
            convs => { calls++; return DatasetContributions.Measure(network, convs, folder); });

        Assert.True(circuit.DataGrounded);
        Assert.Equal(2, calls);   // one dataset pass per level
        var analysis = KernelAnalyzer.Analyze(network, "block2_conv2", 1, top: 3);
        var statistics = DatasetContributions.Measure(network, [analysis.Target.Conv], folder)[analysis.Target.Conv.OutputValue];
        var ranking = ContributionRanking.Compare(analysis, statistics.MeanContributions(analysis.Target), statistics.Images, statistics.Positions);
        var rootEdges = circuit.Edges.Where(e => e.To == 0).ToList();
        Assert.Equal(ranking.TopEntries.Select(e => e.InputChannel), rootEdges.Select(e => e.Slice.InputChannel));
        Assert.Equal([1, 2, 3], rootEdges.Select(e => e.DataRank!.Value));
        // The same images through the same sessions: the contributions are equal to the last bit.
        Assert.Equal(ranking.TopEntries.Select(e => e.Contribution), rootEdges.Select(e => e.Contribution!.Value));
        Assert.All(rootEdges, e => Assert.Equal(Math.Abs(e.Contribution!.Value), e.Strength));
    }
}
