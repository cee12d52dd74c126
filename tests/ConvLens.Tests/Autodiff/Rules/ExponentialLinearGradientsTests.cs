using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Elu, Selu and Celu against float64 finite differences, and the left-slope convention at x = 0 on exact values.</summary>
public class ExponentialLinearGradientsTests
{
    /// <summary>A slope of two or three float32 operations (~2e-7 relative) summed along a unit direction stays far below 1e-4; a wrong alpha or branch is O(0.1).</summary>
    private const double Tolerance = 1e-4;

    /// <summary>The kink test's slopes are float32 products of the float attributes: ~1e-7 relative off their double values.</summary>
    private const double KinkTolerance = 1e-6;

    [Theory]
    [InlineData("Elu", null, null)]
    [InlineData("Elu", "alpha", 0.5f)]
    [InlineData("Selu", null, null)]
    [InlineData("Selu", "alpha", 2f)]
    [InlineData("Selu", "gamma", 0.7f)]
    [InlineData("Celu", null, null)]
    [InlineData("Celu", "alpha", 2.5f)]
    [InlineData("Celu", "alpha", 0.4f)]
    public void ExponentialLinearUnitMatchesFiniteDifferences(string op, string? attribute, float? value)
    {
        // Celu is opset 12, which the differentiator takes from 13 on; the others since opset 6.
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var node = b.Node(op, [x], "y");
        if (attribute is not null) node.With(attribute, value!.Value);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 52, Tolerance);
    }

    [Theory]
    [InlineData("Elu", 2.0)]
    [InlineData("Selu", 1.67326319217681884765625 * 1.05070102214813232421875)]
    [InlineData("Celu", 1.0)]
    public void AtZeroTheSlopeIsTheLeftOne(string op, double leftSlope)
    {
        var b = new GraphBuilder();
        var node = b.Node(op, [b.Input("x", 1, 3)], "y");
        if (op == "Elu") node.With("alpha", 2f);
        b.Output(node.Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([0f, 0f, 1f], 1, 3),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 2f, 3f], 1, 3),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // PyTorch's elu backward takes the x ≤ 0 branch at 0; Selu's positive slope is gamma, the others' 1.
        double rightSlope = op == "Selu" ? 1.05070102214813232421875 : 1;
        double[] expected = [leftSlope, 2 * leftSlope, 3 * rightSlope];
        for (int i = 0; i < 3; i++) Assert.Equal(expected[i], dx.Data[i], KinkTolerance * Math.Abs(expected[i]));
    }
}
