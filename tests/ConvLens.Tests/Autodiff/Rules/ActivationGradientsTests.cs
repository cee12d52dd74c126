using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Activation rules against float64 finite differences, plus the kink conventions of Clip, PRelu and ThresholdedRelu on exact values.</summary>
public class ActivationGradientsTests
{
    /// <summary>
    /// float32 rounding of the few ops of each rule (~1e-7 relative per element, summed along a unit
    /// direction) stays below 1e-5, and a wrong term is O(1): 1e-4 separates the two. Normal inputs
    /// land within the 1e-6 difference step of a kink (ReLU, Clip) with probability ~1e-6 per element.
    /// </summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("Relu")]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Identity")]
    public void UnaryActivationsMatchFiniteDifferences(string op)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        b.Output(b.Node(op, [x], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 31, Tolerance);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.2f)]
    [InlineData(-0.5f)]
    public void LeakyReluMatchesFiniteDifferences(float? alpha)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var node = b.Node("LeakyRelu", [x], "y");
        if (alpha is { } a) node.With("alpha", a);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 32, Tolerance);
    }

    [Theory]
    [InlineData("3,1,1", true)]
    [InlineData("1", true)]
    [InlineData("3,1,1", false)]
    [InlineData("1", false)]
    [InlineData("1,3,1,1", false)]
    public void PReluMatchesFiniteDifferencesForItsInputAndSlope(string slopeShape, bool slopeIsWeight)
    {
        const int seed = 38;
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var dims = slopeShape.Split(',').Select(long.Parse).ToArray();
        // A runtime slope is a graph input, so the checker also checks its (un-broadcast) gradient.
        var slope = slopeIsWeight
            ? b.Weight("slope", TestModels.RandomNormal(new Random(seed), dims.Aggregate(1L, (n, d) => n * d)), dims)
            : b.Input("slope", dims.Select(Dim.Of).ToArray());
        b.Output(b.Node("PRelu", [x, slope], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }

    [Fact]
    public void PReluTakesTheSlopeSideAtZero()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 3);
        b.Output(b.Node("PRelu", [x, b.Input("slope", 1)], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x", "slope"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([-1f, 0f, 2f], 1, 3),
            ["slope"] = RefTensor.FromFloats([0.25f], 1),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f], 1, 3),
        };
        var results = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"], gg.Gradients["slope"]]);
        // As PyTorch's prelu backward: x ≤ 0 takes the slope (0.25·2 at 0), the slope gets Σ dy·x there.
        Assert.Equal([0.25, 0.5, 3.0], results[gg.Gradients["x"]].Data);
        Assert.Equal([-1.0], results[gg.Gradients["slope"]].Data);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0.3f)]
    [InlineData(-0.4f)]
    public void ThresholdedReluMatchesFiniteDifferences(float? alpha)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var node = b.Node("ThresholdedRelu", [x], "y");
        if (alpha is { } a) node.With("alpha", a);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 39, Tolerance);
    }

    [Fact]
    public void ThresholdedReluPassesNoGradientAtItsThreshold()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 3);
        b.Output(b.Node("ThresholdedRelu", [x], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([0.5f, 1f, 2f], 1, 3),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f], 1, 3),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // At x = alpha (default 1) the gradient is 0, as PyTorch's Threshold backward gives.
        Assert.Equal([0.0, 0.0, 3.0], dx.Data);
    }

    [Theory]
    [InlineData(-0.5f, 0.7f)]
    [InlineData(-0.5f, null)]
    [InlineData(null, 0.7f)]
    [InlineData(null, null)]
    public void ClipWithConstantBoundsMatchesFiniteDifferences(float? min, float? max)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        string lo = min is { } m ? b.Weight("min", [m]) : "", hi = max is { } M ? b.Weight("max", [M]) : "";
        b.Output(b.Node("Clip", [x, lo, hi], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 33, Tolerance);
    }

    [Fact]
    public void ClipWithARuntimeBoundGivesTheBoundTheSumOverClippedElements()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var lo = b.Input("lo");
        // hi = lo + 1 keeps the interval non-empty whatever lo the checker draws.
        var hi = b.Node("Add", [lo, b.Weight("width", [1f])], "hi").Outputs[0];
        b.Output(b.Node("Clip", [x, lo, hi], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 34, Tolerance);
    }

    [Fact]
    public void ClipPassesTheGradientStrictlyInsideItsBounds()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 5);
        b.Output(b.Node("Clip", [x, b.Weight("min", [-0.5f]), b.Weight("max", [0.7f])], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([-1f, -0.5f, 0.1f, 0.7f, 1f], 1, 5),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f, 4f, 5f], 1, 5),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // Exactly at a bound (−0.5 and 0.7) the gradient is 0, as the Relu rule's is at 0.
        Assert.Equal([0.0, 0.0, 3.0, 0.0, 0.0], dx.Data);
    }

    [Theory]
    [InlineData("Softmax", null)]
    [InlineData("Softmax", 1L)]
    [InlineData("Softmax", -3L)]
    [InlineData("LogSoftmax", null)]
    [InlineData("LogSoftmax", 1L)]
    [InlineData("LogSoftmax", -2L)]
    public void SoftmaxFamilyMatchesFiniteDifferences(string op, long? axis)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var node = b.Node(op, [x], "y");
        if (axis is { } a) node.With("axis", a);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 36, Tolerance);
    }

    [Fact]
    public void SoftmaxOfAnOpsetBefore13IsRefused()
    {
        // Before opset 13 Softmax flattens at its axis; the normaliser rewrites such nodes first.
        var b = new GraphBuilder(opset: 11);
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        b.Output(b.Node("Softmax", [x], "y").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]));
        Assert.Contains("opset 13", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DropoutInInferenceIsTheIdentity(bool explicitInferenceMode)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        string[] inputs = explicitInferenceMode
            ? [x, b.Weight("ratio", [0.3f]), b.Initializer("training", new ConstTensor(TensorElementType.Bool, [], new byte[] { 0 }))]
            : [x];
        var dropout = b.Node("Dropout", inputs, ["y", "mask"], "dropout");
        b.Output(b.Node("Tanh", [dropout.Outputs[0]], "out").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "out", seed: 37, Tolerance);
    }

    [Fact]
    public void DropoutInTrainingModeIsRefused()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var training = b.Initializer("training", new ConstTensor(TensorElementType.Bool, [], new byte[] { 1 }));
        var dropout = b.Node("Dropout", [x, b.Weight("ratio", [0.3f]), training], ["y", "mask"], "dropout");
        b.Output(dropout.Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]));
        Assert.Contains("inference mode", e.Message);
        Assert.Contains("dropout", e.Message);
    }
}
