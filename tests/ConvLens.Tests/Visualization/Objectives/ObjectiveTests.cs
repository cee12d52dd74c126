using ConvLens.Runtime;
using ConvLens.Visualization;
using ConvLens.Visualization.Objectives;
using Xunit;

namespace ConvLens.Tests.Visualization.Objectives;

public sealed class ObjectiveTests
{
    private const int Seed = 21;

    [Fact]
    public void ArithmeticScalesAndCombinesTermWeights()
    {
        var a = Objective.Channel("c2", 1);
        var b = Objective.Layer("c1");
        var combined = 2 * a + b - a / 4 + -(0.5 * Objective.Diversity("c2"));

        Assert.Equal([2.0, 1.0, -0.25, -0.5], combined.Terms.Select(t => t.Weight));
        Assert.Equal(["c2", "c1", "c2", "c2"], combined.Terms.Select(t => t.Layer));
        Assert.Equal("2·c2:1 + mean_square(c1) - 0.25·c2:1 - 0.5·diversity(c2)", combined.ToString());
        Assert.Equal(2, combined.LinearTerms.Count());
        Assert.Equal(2, combined.GraphTerms.Count());
    }

    [Fact]
    public void LinearSeedsAreTheWeightedPatternsOfEachTerm()
    {
        // 2·(mean of channel 1) + (mean of channel 3) − 0.5·(channel 2 at row 4, column 5).
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var objective = 2 * Objective.Channel("c2", 1) + Objective.Channel("c2", 3) - 0.5 * Objective.Neuron("c2", 2, 4, 5);
        using var session = new ObjectiveSession(network, objective, batchSize: 2, sliceChannels: false);

        var seed = session.Seeds["c2"];
        Assert.Equal([2, 6, 16, 16], seed.Shape);
        const int plane = 16 * 16;
        for (int item = 0; item < 2; item++)
            for (int c = 0; c < 6; c++)
                for (int p = 0; p < plane; p++)
                {
                    double expected = c switch { 1 => 2.0 / plane, 3 => 1.0 / plane, 2 when p == 4 * 16 + 5 => -0.5, _ => 0 };
                    // Seeds are float32 copies of these fractions: 1e-9 absolute is exact for them.
                    Assert.Equal(expected, seed.Item(item)[c * plane + p], 1e-9);
                }
    }

    [Fact]
    public void ValuesAndGradientsAreLinearInTheWeightsForSeedsAndEmittedTerms()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var input = FloatTensor.Zeros(3, 3, 16, 16).FillNormal(new Random(Seed), 2f);
        var channel = Objective.Channel("c2", 4);
        var dream = Objective.Layer("c1");
        var diversity = Objective.Diversity("c2");
        var (v1, g1) = Evaluate(network, channel, input);
        var (v2, g2) = Evaluate(network, dream, input);
        var (v3, g3) = Evaluate(network, diversity, input);
        var (v, g) = Evaluate(network, 2 * channel + 3 * dream - 0.5 * diversity, input);

        for (int i = 0; i < 3; i++)
            // float32 sums of a few thousand terms: 1e-5 relative to the value's scale.
            Assert.Equal(2 * v1[i] + 3 * v2[i] - 0.5 * v3[i], v[i], 1e-5 * (1 + Math.Abs(v[i])));
        double scale = g.Max(Math.Abs);
        for (int k = 0; k < g.Length; k++)
            // The combined session runs the three backward passes summed in float32: 1e-5 of the largest entry.
            Assert.True(Math.Abs(2 * g1[k] + 3 * g2[k] - 0.5 * g3[k] - g[k]) <= 1e-5 * scale, $"gradient entry {k} (seed {Seed})");
    }

    [Fact]
    public void ValuesEqualTheObjectiveComputedFromActivations()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var input = FloatTensor.Zeros(2, 3, 16, 16).FillNormal(new Random(Seed + 1), 2f);
        var objective = Objective.Channels("c2", [1, 3]) + 0.25 * Objective.Layer("c1") + Objective.Neuron("c2", 5);
        var (values, _) = Evaluate(network, objective, input);

        var acts = network.Activations(input, "c1", "c2");
        for (int i = 0; i < 2; i++)
        {
            var c1 = acts["c1"].Item(i).ToArray();
            var c2 = acts["c2"].Item(i).ToArray();
            int channel = i == 0 ? 1 : 3;
            double expected = c2.Skip(channel * 256).Take(256).Average(a => (double)a)
                + 0.25 * c1.Average(a => (double)a * a)
                + c2[5 * 256 + 8 * 16 + 8];  // the centre of a 16 × 16 map is row 8, column 8
            Assert.Equal(expected, values[i], 1e-5 * (1 + Math.Abs(expected))); // float32 reductions: 1e-5 relative
        }
    }

    [Fact]
    public void AliasAndValueNameOfOneLayerShareOneSeed()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var value = network.Layers.Resolve("conv2").Value;
        var input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(Seed + 2), 2f);
        var (both, _) = Evaluate(network, Objective.Channel("conv2", 0) + Objective.Channel(value, 0), input);
        var (one, _) = Evaluate(network, 2 * Objective.Channel("conv2", 0), input);
        Assert.Equal(one[0], both[0], 1e-6 * (1 + Math.Abs(one[0]))); // same float32 seed values, same pass
    }

    [Theory]
    [InlineData("c2", 6, "channels 0..5")]
    [InlineData("c2", -1, "channels 0..5")]
    [InlineData("nope", 0, "has no layer named 'nope'")]
    public void BadChannelOrLayerIsAClearError(string layer, int channel, string message)
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var error = Assert.Throws<ConvLensException>(() => new ObjectiveSession(network, Objective.Channel(layer, channel), 1));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TermsOutsideTheBatchOrOffTheMapAreClearErrors()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        Assert.Contains("batch item 2", Assert.Throws<ConvLensException>(() => new ObjectiveSession(network, Objective.Channels("c2", [0, 1, 2]), 2)).Message);
        Assert.Contains("16 × 16", Assert.Throws<ConvLensException>(() => new ObjectiveSession(network, Objective.Neuron("c2", 0, 16, 0), 1)).Message);
        Assert.Contains("one value per channel (6)", Assert.Throws<ConvLensException>(() => new ObjectiveSession(network, Objective.Direction("c2", [1f, 2f]), 1)).Message);
    }

    [Fact]
    public void DirectionIsTheDotProductWithTheChannelMeans()
    {
        using var network = Network.FromModel(VisualizationTestModels.TwoConvs(Seed));
        var input = FloatTensor.Zeros(1, 3, 16, 16).FillNormal(new Random(Seed + 3), 2f);
        float[] vector = [1f, -2f, 0f, 0.5f, 0f, 3f];
        var (direction, _) = Evaluate(network, Objective.Direction("c2", vector), input);
        double expected = 0;
        for (int c = 0; c < 6; c++)
            if (vector[c] != 0) expected += vector[c] * Evaluate(network, Objective.Channel("c2", c), input).Values[0];
        Assert.Equal(expected, direction[0], 1e-5 * (1 + Math.Abs(expected))); // float32 reductions: 1e-5 relative
    }

    [Fact]
    public void DescribeItemListsTheTermsThatItemMaximises()
    {
        var objective = Objective.Channels("conv3", [7, 9]) - 0.5 * Objective.Diversity("conv3");
        Assert.Equal("conv3:7 - 0.5·diversity(conv3)", objective.DescribeItem(0));
        Assert.Equal("conv3:9 - 0.5·diversity(conv3)", objective.DescribeItem(1));
    }

    private static (double[] Values, float[] Gradient) Evaluate(Network network, Objective objective, FloatTensor input)
    {
        using var session = new ObjectiveSession(network, objective, input.BatchSize);
        session.Run(input);
        return (session.Values.ToArray(), session.Gradient.Data.ToArray());
    }
}
