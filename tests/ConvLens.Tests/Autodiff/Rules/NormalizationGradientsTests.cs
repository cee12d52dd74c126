using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>BatchNormalization (inference) and LRN rules against float64 finite differences.</summary>
public class NormalizationGradientsTests
{
    /// <summary>
    /// A handful of float32 ops per element (LRN: about fifteen, with a Pow) keep the analytic side
    /// within ~1e-5 relative; a missing term (LRN's cross-channel sum, BN's scale) is O(1e-1) or more.
    /// </summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(4)]
    [InlineData(3)]
    [InlineData(2)]
    public void BatchNormalizationWithInitializersMatchesFiniteDifferences(int rank)
    {
        const int seed = 41;
        const long channels = 4;
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var shape = new Dim[] { Dim.Sym("N"), channels, 3, 5 }[..rank];
        var x = b.Input("x", shape);
        var variance = Array.ConvertAll(TestModels.RandomNormal(rng, channels), v => 0.1f + MathF.Abs(v));
        var bn = b.Node("BatchNormalization",
            [x, Weight(b, "scale", rng, channels), Weight(b, "bias", rng, channels), Weight(b, "mean", rng, channels), b.Weight("var", variance, channels)],
            "bn").With("epsilon", 1e-3f);
        b.Output(bn.Outputs[0]);
        var model = b.Build();

        GradientChecker.AssertMatches(model, "bn", seed, Tolerance);
        // scale/√(var+ε) is folded into one constant: no node computes it at run time.
        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("bn")], ["x"]);
        Assert.DoesNotContain(gg.Model.Graph.Nodes, n => n.OpType == "Sqrt");
    }

    [Fact]
    public void BatchNormalizationWithComputedScaleAndVarianceMatchesFiniteDifferences()
    {
        const int seed = 42;
        var rng = new Random(seed);
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 2, 2);
        var scale = b.Input("scale", 3);
        // Exp keeps the run-time variance positive.
        var variance = b.Node("Exp", [b.Input("log_var", 3)], "var").Outputs[0];
        b.Output(b.Node("BatchNormalization", [x, scale, Weight(b, "bias", rng, 3), Weight(b, "mean", rng, 3), variance], "bn").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "bn", seed, Tolerance, wrt: ["x"]);
    }

    [Fact]
    public void BatchNormalizationRefusesAGradientWithRespectToItsScale()
    {
        var rng = new Random(43);
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 2, 2);
        var scale = b.Input("scale", 3);
        var variance = b.Weight("var", [1f, 2f, 3f], 3);
        b.Output(b.Node("BatchNormalization", [x, scale, Weight(b, "bias", rng, 3), Weight(b, "mean", rng, 3), variance], "bn").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("bn")], ["x", "scale"]));
        Assert.Contains("'scale'", e.Message);
        Assert.Contains("bn", e.Message);
    }

    [Theory]
    [InlineData(5, 0.75f)]
    [InlineData(3, 0.75f)]
    [InlineData(1, 0.75f)]
    [InlineData(9, 0.75f)]   // wider than the channels
    [InlineData(5, 0.5f)]    // β = 0.5, 0.75 and 1 have their own forms of d^β; others go through exp and log
    [InlineData(5, 1f)]
    [InlineData(5, 0.6f)]
    // ORT runs LRN only on 4-D inputs with an odd size, so the even-size (lopsided) window cannot be run.
    public void LrnMatchesFiniteDifferences(long size, float beta)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 7, 3, 3);
        // A large alpha makes the cross-channel term as big as the direct one (the default 1e-4 would hide it).
        var lrn = b.Node("LRN", [x], "lrn").With("size", size).With("alpha", 0.5f).With("beta", beta).With("bias", 1.5f);
        b.Output(lrn.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "lrn", seed: 44, Tolerance);
    }

    [Fact]
    public void LrnWithDefaultAttributesMatchesFiniteDifferences()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 6, 5, 1);
        b.Output(b.Node("LRN", [x], "lrn").With("size", 3L).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "lrn", seed: 45, Tolerance);
    }

    [Fact]
    public void LrnWithSymbolicChannelsMatchesFiniteDifferences()
    {
        // The windowed sums slice from the back, so the channel count need not be known statically.
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), Dim.Sym("C"), 2, 2);
        b.Output(b.Node("LRN", [x], "lrn").With("size", 3L).With("alpha", 0.9f).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "lrn", seed: 46, Tolerance);
    }

    private static string Weight(GraphBuilder b, string name, Random rng, long channels) =>
        b.Weight(name, TestModels.RandomNormal(rng, channels), channels);
}
