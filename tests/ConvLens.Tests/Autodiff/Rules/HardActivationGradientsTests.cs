using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>HardSigmoid and HardSwish against float64 finite differences away from their kinks, and PyTorch's values at the kinks.</summary>
public class HardActivationGradientsTests
{
    /// <summary>
    /// A slope of a few float32 operations summed along a unit direction stays far below 1e-4; a wrong
    /// slope or interval is O(0.1). Inputs land within the 3e-6 difference step of a kink with
    /// probability ~1e-6 per element.
    /// </summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("HardSigmoid", 17, null, null)]
    [InlineData("HardSigmoid", 17, 0.25f, 0.4f)]
    [InlineData("HardSigmoid", 13, -0.3f, 0.6f)]
    [InlineData("HardSwish", 14, null, null)]
    [InlineData("HardSwish", 17, null, null)]
    public void HardActivationMatchesFiniteDifferences(string op, long opset, float? alpha, float? beta)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        // A spread of 3 puts many inputs in each piece: below, inside and above the linear part.
        var spread = b.Node("Mul", [x, b.Weight("three", [3f])], "spread").Outputs[0];
        var node = b.Node(op, [spread], "y");
        if (alpha is { } a) node.With("alpha", a);
        if (beta is { } c) node.With("beta", c);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 53, Tolerance);
    }

    [Fact]
    public void HardSigmoidPassesNoGradientAtItsKinks()
    {
        // alpha 0.25, beta 0.5 puts the kinks at exactly ±2 in float32.
        var b = new GraphBuilder();
        b.Output(b.Node("HardSigmoid", [b.Input("x", 1, 5)], "y").With("alpha", 0.25f).Outputs[0]);
        var dx = Gradient(b.Build(), [-3f, -2f, 0f, 2f, 3f], [1f, 2f, 3f, 4f, 5f]);
        // As PyTorch's hardsigmoid backward (strict bounds) and the Clip rule: 0 at both kinks.
        Assert.Equal([0.0, 0.0, 0.75, 0.0, 0.0], dx);
    }

    [Fact]
    public void HardSwishTakesTheInnerSlopeAtItsKinks()
    {
        var b = new GraphBuilder(opset: 14);
        b.Output(b.Node("HardSwish", [b.Input("x", 1, 5)], "y").Outputs[0]);
        var dx = Gradient(b.Build(), [-4f, -3f, 0f, 3f, 4f], [1f, 2f, 3f, 4f, 5f]);
        // Slopes 0, x/3 + ½ on [−3, 3] (−½ at −3, 3/2 at 3, PyTorch's hardswish backward), then 1.
        Assert.Equal([0.0, -1.0, 1.5, 6.0, 5.0], dx);
    }

    private static double[] Gradient(OnnxModel model, float[] x, float[] dy)
    {
        var gg = ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]);
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats(x, 1, x.Length),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats(dy, 1, dy.Length),
        };
        return OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]].Data;
    }
}
