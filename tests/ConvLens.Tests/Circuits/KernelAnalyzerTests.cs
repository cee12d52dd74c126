using ConvLens.Circuits;
using ConvLens.Runtime;
using Xunit;
using static ConvLens.Tests.Circuits.CircuitModels;

namespace ConvLens.Tests.Circuits;

// Every expected value here is computed from small integers (or halves) whose sums and products are exact
// in double, in the same order the analyzer uses, so the checks are exact: Assert.Equal without tolerance.
public sealed class KernelAnalyzerTests
{
    /// <summary>Output channel 1's four 3×3 slices: norms 5, 10, 3, 0 and means 7/9, −14/9, 5/9, 0.</summary>
    private static readonly float[][] ThreeByThree =
    [
        [3, 4, 0, 0, 0, 0, 0, 0, 0],
        [-6, -8, 0, 0, 0, 0, 0, 0, 0],
        [1, 2, 2, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];

    private static ConvSpec ThreeByThreeSpec()
    {
        // Output channel 0 is large and constant: reading it by mistake would change every number.
        var weights = Enumerable.Repeat(100f, 4 * 9).Concat(ThreeByThree.SelectMany(s => s)).ToArray();
        return new ConvSpec(4, 2, 3, 1, weights);
    }

    [Theory]
    [InlineData(KernelRankMetric.L2, new[] { 1, 0, 2, 3 })]
    [InlineData(KernelRankMetric.Mean, new[] { 0, 2, 3, 1 })]
    [InlineData(KernelRankMetric.AbsMean, new[] { 1, 0, 2, 3 })]
    public void ThreeByThreeSlicesRankWithExactNormsMeansAndLabels(KernelRankMetric metric, int[] order)
    {
        using var network = Network.FromModel(SingleConv(ThreeByThreeSpec()));

        var analysis = KernelAnalyzer.Analyze(network, "relu", 1, metric, top: 3);

        Assert.Equal(order, analysis.Slices.Select(s => s.InputChannel));
        Assert.Equal([1, 2, 3, 4], analysis.Slices.Select(s => s.Rank));
        Assert.Equal(3, analysis.TopSlices.Count);
        var byChannel = analysis.Slices.ToDictionary(s => s.InputChannel);
        Assert.Equal([5.0, 10.0, 3.0, 0.0], Enumerable.Range(0, 4).Select(c => byChannel[c].L2Norm));
        Assert.Equal([7 / 9.0, -14 / 9.0, 5 / 9.0, 0.0], Enumerable.Range(0, 4).Select(c => byChannel[c].Mean));
        Assert.Equal([KernelSign.Excitatory, KernelSign.Inhibitory, KernelSign.Excitatory, KernelSign.Balanced], Enumerable.Range(0, 4).Select(c => byChannel[c].Sign));
        Assert.Equal("mostly excitatory", byChannel[0].Sign.Label());
        Assert.Equal("mostly inhibitory", byChannel[1].Sign.Label());
        Assert.Equal(ThreeByThree[1].Select(v => (double)v), byChannel[1].Values);
        Assert.Equal("conv", analysis.Target.Conv.OutputValue);
        Assert.Equal(1.0, analysis.Target.Scale);
    }

    [Fact]
    public void OneByOneSlicesAreSingleWeights()
    {
        // Output channel 2 of a 1×1 conv from 5 inputs: each slice is one weight, its norm the absolute value.
        float[] row = [2, -3, 0.5f, -0.25f, 1];
        var weights = Enumerable.Repeat(9f, 10).Concat(row).ToArray();
        using var network = Network.FromModel(SingleConv(new ConvSpec(5, 3, 1, 1, weights)));

        var analysis = KernelAnalyzer.Analyze(network, "relu", 2);

        Assert.Equal([1, 0, 4, 2, 3], analysis.Slices.Select(s => s.InputChannel));
        Assert.Equal([3.0, 2.0, 1.0, 0.5, 0.25], analysis.Slices.Select(s => s.L2Norm));
        Assert.Equal([-3.0, 2.0, 1.0, 0.5, -0.25], analysis.Slices.Select(s => s.Mean));
        Assert.Equal([KernelSign.Inhibitory, KernelSign.Excitatory, KernelSign.Excitatory, KernelSign.Excitatory, KernelSign.Inhibitory], analysis.Slices.Select(s => s.Sign));
        Assert.All(analysis.Slices, s => Assert.Equal((1, 1), (s.Height, s.Width)));
    }

    [Fact]
    public void SevenBySevenSlicesHaveExactStatistics()
    {
        var ones = Enumerable.Repeat(1f, 49);
        var centre = Enumerable.Range(0, 49).Select(i => i == 24 ? -12f : 0f);
        var halves = Enumerable.Range(0, 49).Select(i => i < 24 ? 0.5f : -0.5f);
        using var network = Network.FromModel(SingleConv(new ConvSpec(3, 1, 7, 1, [.. ones, .. centre, .. halves]), size: 12));

        var analysis = KernelAnalyzer.Analyze(network, "relu", 0);

        Assert.Equal([1, 0, 2], analysis.Slices.Select(s => s.InputChannel));
        Assert.Equal([12.0, 7.0, 3.5], analysis.Slices.Select(s => s.L2Norm));
        Assert.Equal([-12 / 49.0, 1.0, -0.5 / 49], analysis.Slices.Select(s => s.Mean));
        Assert.Equal([KernelSign.Inhibitory, KernelSign.Excitatory, KernelSign.Inhibitory], analysis.Slices.Select(s => s.Sign));
        Assert.All(analysis.Slices, s => Assert.Equal(49, s.Values.Length));
    }

    [Fact]
    public void AGroupedConvRanksOnlyItsGroupsInputsWithGlobalIndices()
    {
        // 4 → 4 channels in 2 groups: output channel 3 is in group 1 and reads global inputs 2 and 3.
        var weights = new float[4 * 2 * 9];
        Array.Fill(weights, 50f, 0, 3 * 2 * 9);
        weights[(3 * 2 + 0) * 9 + 4] = 2;                              // input 2: one centre weight of 2
        for (int i = 0; i < 9; i++) weights[(3 * 2 + 1) * 9 + i] = -1;  // input 3: all −1
        using var network = Network.FromModel(SingleConv(new ConvSpec(4, 4, 3, 2, weights)));

        var analysis = KernelAnalyzer.Analyze(network, "conv", 3);

        Assert.Equal([3, 2], analysis.Slices.Select(s => s.InputChannel));
        Assert.Equal([3.0, 2.0], analysis.Slices.Select(s => s.L2Norm));
        Assert.Equal([-1.0, 2 / 9.0], analysis.Slices.Select(s => s.Mean));
        Assert.Equal([KernelSign.Inhibitory, KernelSign.Excitatory], analysis.Slices.Select(s => s.Sign));
        Assert.Equal(2, analysis.Target.Conv.Groups);
        Assert.Equal(2, analysis.Target.Conv.FirstInputOf(3));
    }

    [Fact]
    public void ADepthwiseConvHasOneInputPerChannel()
    {
        var weights = CircuitModels.Counting(3 * 9, i => i / 9 + 1);   // channel c's slice is all c + 1
        using var network = Network.FromModel(SingleConv(new ConvSpec(3, 3, 3, 3, weights)));

        var analysis = KernelAnalyzer.Analyze(network, "relu", 1);

        var slice = Assert.Single(analysis.Slices);
        Assert.Equal(1, slice.InputChannel);
        Assert.Equal(6.0, slice.L2Norm);   // √(9 · 2²)
        Assert.Equal(2.0, slice.Mean);
    }

    [Fact]
    public void BatchNormScaleIsFoldedIntoTheSlicesAndCanFlipTheirSign()
    {
        // Channel 1's BN scale: γ/√(σ² + ε) = −3/√(4 + 0) = −1.5 exactly (ε = 0 keeps it exact).
        var bn = (Gamma: new[] { 1f, -3f }, Beta: new[] { 0f, 7f }, Mean: new[] { 0f, 5f }, Var: new[] { 1f, 4f }, Epsilon: 0f);
        using var network = Network.FromModel(SingleConv(ThreeByThreeSpec(), batchNorm: bn));

        var analysis = KernelAnalyzer.Analyze(network, "relu", 1);

        Assert.Equal(-1.5, analysis.Target.Scale);
        Assert.Equal([1, 0, 2, 3], analysis.Slices.Select(s => s.InputChannel));
        Assert.Equal([15.0, 7.5, 4.5, 0.0], analysis.Slices.Select(s => s.L2Norm));
        Assert.Equal([21 / 9.0, -10.5 / 9, -7.5 / 9, 0.0], analysis.Slices.Select(s => s.Mean));
        // The folded sign is what the named layer sees: the raw kernel's inhibitory slice excites the BN output.
        Assert.Equal([KernelSign.Excitatory, KernelSign.Inhibitory, KernelSign.Inhibitory, KernelSign.Balanced], analysis.Slices.Select(s => s.Sign));
        Assert.Equal(["Relu 'relu'", "BatchNormalization 'bn' (×-1.5)"], analysis.Target.Path);
    }

    [Fact]
    public void BatchNormScaleWithEpsilonIsGammaOverRootOfVariancePlusEpsilon()
    {
        var bn = (Gamma: new[] { 0.7f, 1.3f }, Beta: new[] { 0f, 0f }, Mean: new[] { 0f, 0f }, Var: new[] { 0.9f, 2.5f }, Epsilon: 1e-3f);
        using var network = Network.FromModel(SingleConv(ThreeByThreeSpec(), batchNorm: bn));

        var target = KernelAnalyzer.Analyze(network, "bn", 1).Target;

        // The same double expression from the same float parameters: exact.
        Assert.Equal(1.3f / Math.Sqrt(2.5f + (double)1e-3f), target.Scale);
    }

    [Fact]
    public void UnknownLayersAndChannelsAreUserErrors()
    {
        using var network = Network.FromModel(SingleConv(ThreeByThreeSpec()));

        var layer = Assert.Throws<ConvLensException>(() => KernelAnalyzer.Analyze(network, "rellu", 0));
        Assert.Contains("relu", layer.Message);
        var channel = Assert.Throws<ConvLensException>(() => KernelAnalyzer.Analyze(network, "relu", 2));
        Assert.Contains("channels 0..1", channel.Message);
        var input = Assert.Throws<ConvLensException>(() => KernelAnalyzer.Analyze(network, "input", 0));
        Assert.Contains("no layer named", input.Message);
    }
}
