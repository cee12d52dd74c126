using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>ReduceMax and ReduceMin rules: every axes form against finite differences, and the even split of ties.</summary>
public class ExtremumReduceGradientsTests
{
    /// <summary>dy copied to the extremum (random data has no ties): exact but for float32 input rounding, ~1e-7.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, long, string, long, long> Cases() => ReduceCases.For("ReduceMax", "ReduceMin");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReductionsMatchFiniteDifferences(string op, long opset, string axes, long keepDims, long noopWithEmptyAxes)
    {
        var model = ReduceCases.Build(op, opset, axes, keepDims, noopWithEmptyAxes);
        GradientChecker.AssertMatches(model, "y", seed: 82, Tolerance);
    }

    [Theory]
    [InlineData("ReduceMax", 13, 0L)]
    [InlineData("ReduceMin", 18, 1L)]
    public void TiesShareTheGradientEvenly(string op, long opset, long keepDims)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 2, 3);
        var node = opset >= 18 ? b.Node(op, [x, b.Ints("axes", 1)], "y") : b.Node(op, [x], "y").With("axes", [1L]);
        b.Output(node.With("keepdims", keepDims).Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        float tie = op == "ReduceMax" ? 3f : -3f;
        var feeds = new Dictionary<string, RefTensor>
        {
            // Row 0: two elements tie for the extremum; row 1: all three.
            ["x"] = RefTensor.FromFloats([0f, tie, tie, 2f, 2f, 2f], 2, 3),
            [gg.SeedInputs["y"]] = keepDims != 0 ? RefTensor.FromFloats([4f, 6f], 2, 1) : RefTensor.FromFloats([4f, 6f], 2),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // dy / (number tied), exact in float32.
        Assert.Equal([0.0, 2.0, 2.0, 2.0, 2.0, 2.0], dx.Data);
    }

    [Fact]
    public void RuntimeAxesWithKeepDimsCountTiesOverThoseAxes()
    {
        var b = new GraphBuilder(18);
        var x = b.Input("x", 2, 3);
        var axes = b.Input("axes", TensorElementType.Int64, 1);
        b.Output(b.Node("ReduceMax", [x, axes], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats([1f, 5f, 5f, 1f, 0f, 5f], 2, 3),
            ["axes"] = RefTensor.Vector(0),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([2f, 4f, 6f], 1, 3),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // Column 0 ties (1, 1): 2/2 each; column 1: 5 wins; column 2 ties (5, 5): 6/2 each.
        Assert.Equal([1.0, 4.0, 3.0, 1.0, 0.0, 3.0], dx.Data);
    }
}
