using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>ReduceProd rule: every axes form against finite differences, and groups holding zeros.</summary>
public class ReduceProdGradientTests
{
    /// <summary>A product of up to ~120 float32 factors divided by one: ~1e-6 relative per factor.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, long, string, long, long> Cases() => ReduceCases.For("ReduceProd");

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReduceProdMatchesFiniteDifferences(string op, long opset, string axes, long keepDims, long noopWithEmptyAxes)
    {
        var model = ReduceCases.Build(op, opset, axes, keepDims, noopWithEmptyAxes);
        GradientChecker.AssertMatches(model, "y", seed: 83, Tolerance);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(18)]
    public void ZerosGetTheProductOfTheOthers(long opset)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 3, 3);
        var node = opset >= 18 ? b.Node("ReduceProd", [x, b.Ints("axes", 1)], "y") : b.Node("ReduceProd", [x], "y").With("axes", [1L]);
        b.Output(node.With("keepdims", 0L).Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        var feeds = new Dictionary<string, RefTensor>
        {
            // One zero, two zeros, none.
            ["x"] = RefTensor.FromFloats([0f, 2f, 3f, 0f, 0f, 5f, 1f, 2f, 3f], 3, 3),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats([1f, 1f, 2f], 3),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // dy·Π_{j≠i} x_j, small integers: exact in float32.
        Assert.Equal([6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 12.0, 6.0, 4.0], dx.Data);
    }
}
