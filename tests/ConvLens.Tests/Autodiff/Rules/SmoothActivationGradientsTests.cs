using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Erf, Gelu (both forms), Softplus, Softsign and Mish against float64 finite differences, each at an opset exporters use for it.</summary>
public class SmoothActivationGradientsTests
{
    /// <summary>
    /// Each slope takes up to ~15 float32 operations (tanh-Gelu), ~1e-6 relative together, summed along
    /// a unit direction: well below 1e-4, while a wrong term or constant is O(0.01..1).
    /// </summary>
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("Erf", 13, null)]
    [InlineData("Erf", 17, null)]
    [InlineData("Gelu", 20, null)]
    [InlineData("Gelu", 20, "none")]
    [InlineData("Gelu", 20, "tanh")]
    [InlineData("Gelu", 21, "tanh")]
    [InlineData("Softplus", 13, null)]
    [InlineData("Softsign", 17, null)]
    [InlineData("Mish", 18, null)]
    public void SmoothActivationMatchesFiniteDifferences(string op, long opset, string? approximate)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        // A spread of 3 reaches the tails, where erf saturates and Mish, Gelu and Softplus turn linear.
        var spread = b.Node("Mul", [x, b.Weight("three", [3f])], "spread").Outputs[0];
        var node = b.Node(op, [spread], "y");
        if (approximate is not null) node.With("approximate", approximate);
        b.Output(node.Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 51, Tolerance);
    }

    [Fact]
    public void GeluWithAnUnknownApproximationIsRefused()
    {
        var b = new GraphBuilder(opset: 20);
        var x = b.Input("x", 1, 4);
        b.Output(b.Node("Gelu", [x], "gelu_node").With("approximate", "tanh").Outputs[0]);
        // ORT would reject the attribute value at load, so the node is edited after shape inference.
        var model = b.Build();
        model.Graph.Nodes.Single().With("approximate", "erf");

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("gelu_node")], ["x"]));
        Assert.Contains("gelu_node", e.Message);
        Assert.Contains("\"erf\"", e.Message);
    }
}
