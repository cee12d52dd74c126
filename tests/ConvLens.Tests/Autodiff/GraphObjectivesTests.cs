using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Models;
using ConvLens.Runtime;
using Xunit;

namespace ConvLens.Tests.Autodiff;

public sealed class GraphObjectivesTests
{
    private static OnnxModel SmallConvNet(int seed)
    {
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 8, 8);
        var w1 = b.Weight("w1", TestModels.RandomNormal(rng, 4 * 3 * 3 * 3, 0.5), 4, 3, 3, 3);
        var conv = b.Node("Conv", [x, w1], "conv").With("pads", new long[] { 1, 1, 1, 1 }).Outputs[0];
        var act = b.Node("Tanh", [conv], "act").Outputs[0];
        b.Output(act);
        return b.Build();
    }

    [Fact]
    public void MeanSquareGradientEqualsTheLinearSeedTwoAOverSize()
    {
        // d/dx mean(A²) = J^T (2A / size): the emitted objective must match the dA-seeded linear form exactly.
        using var network = Network.FromModel(SmallConvNet(1));
        var input = FloatTensor.Zeros(2, 3, 8, 8).FillNormal(new Random(2));
        var emitted = network.Gradient(new GradientRequest { Objectives = [GraphObjectives.MeanSquare("act")] });
        var viaObjective = emitted.Run(input, new Dictionary<string, FloatTensor>())[emitted.GradientOutputs["x"]];

        var linear = network.Gradient(GradientRequest.ForLayer("act"));
        var activation = network.Activations(input, "act")["act"];
        var seed = new FloatTensor(activation.Data.Select(a => 2 * a / activation.ItemLength).ToArray(), activation.Shape);
        var viaSeed = linear.Run(input, new Dictionary<string, FloatTensor> { ["act"] = seed })[linear.GradientOutputs["x"]];

        // Same float32 arithmetic up to the order of two multiplications: 1e-5 relative is ample.
        Assert.True(Runtime.OrtReference.RelativeError(viaObjective.Data, viaSeed.Data) < 1e-5);
    }

    [Fact]
    public void DiversityGradientMatchesFiniteDifferences()
    {
        var model = SmallConvNet(3);
        string objective = GraphObjectives.Diversity("act").Emit(new ObjectiveEmitter(model));
        ShapeInference.Infer(model);
        // Tolerance as for every rule: float32 gradient against float64 central differences.
        GradientChecker.AssertMatches(model, objective, seed: 4, wrt: ["x"]);
    }

    [Fact]
    public void DiversityIsMinusTheMeanCosineSimilarityOfGramMatrices()
    {
        using var network = Network.FromModel(SmallConvNet(5));
        var input = FloatTensor.Zeros(3, 3, 8, 8).FillNormal(new Random(6));
        var session = network.Gradient(new GradientRequest { Objectives = [GraphObjectives.Diversity("act")] });
        var values = session.Run(input, new Dictionary<string, FloatTensor>())[session.ObjectiveOutputs[0]].Data;

        var act = network.Activations(input, "act")["act"];
        var grams = Enumerable.Range(0, 3).Select(i => Gram(act.Item(i).ToArray(), 4, 64)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            double expected = -Enumerable.Range(0, 3).Where(j => j != i).Average(j => Cosine(grams[i], grams[j]));
            Assert.Equal(expected, values[i], 4); // float32 Gram sums over 64 positions: 4 decimals
        }
    }

    private static double[] Gram(float[] a, int channels, int positions)
    {
        var g = new double[channels * channels];
        for (int c = 0; c < channels; c++)
            for (int d = 0; d < channels; d++)
                for (int p = 0; p < positions; p++)
                    g[c * channels + d] += (double)a[c * positions + p] * a[d * positions + p];
        return g;
    }

    private static double Cosine(double[] u, double[] v) =>
        u.Zip(v).Sum(p => p.First * p.Second) / Math.Sqrt(u.Sum(x => x * x) * v.Sum(x => x * x));
}
