using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>ReduceSumSquare, ReduceL1, ReduceL2 and ReduceLogSumExp rules: axes as attribute (opset 13) and input (18), keepdims, the no-op.</summary>
public class PointwiseReduceGradientsTests
{
    /// <summary>dy times one elementwise factor (2x, sign x, x/y, e^(x−y)): a few float32 roundings, ~1e-6 relative.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, long, string, long, long> Cases() =>
        ReduceCases.For("ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSumExp");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReductionsMatchFiniteDifferences(string op, long opset, string axes, long keepDims, long noopWithEmptyAxes)
    {
        var model = ReduceCases.Build(op, opset, axes, keepDims, noopWithEmptyAxes);
        GradientChecker.AssertMatches(model, "y", seed: 81, Tolerance);
    }

    [Fact]
    public void ReduceL2OfAllZeroGroupHasAZeroGradient()
    {
        var b = new GraphBuilder(18);
        var x = b.Input("x", 2, 3);
        b.Output(b.Node("ReduceL2", [x, b.Ints("axes", 1)], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([0f, 0f, 0f, 3f, 0f, -4f], 2, 3),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([2f, 10f], 2, 1),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // Row 0 is all zero: the subgradient 0, not NaN. Row 1: x·dy/‖x‖ = x·10/5, exact in float32.
        Assert.Equal([0.0, 0.0, 0.0, 6.0, 0.0, -8.0], dx.Data);
    }
}
