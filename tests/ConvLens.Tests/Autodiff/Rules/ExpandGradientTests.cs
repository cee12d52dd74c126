using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Expand against float64 finite differences: static, symbolic and run-time target shapes.</summary>
public class ExpandGradientTests
{
    /// <summary>The gradient sums at most a few broadcast copies of float32 values (~1e-7 relative each); a wrong axis is O(1).</summary>
    private const double Tolerance = 1e-5;

    private static readonly Dim Batch = Dim.Sym("N");

    [Theory]
    [InlineData(new long[] { 2, 3, 4 }, new long[] { 3, 1 })]          // new leading axis, and a size-1 axis broadcast
    [InlineData(new long[] { 1, 1, 5 }, new long[] { 2, 4, 5 })]       // no new axis: only size-1 axes summed
    [InlineData(new long[] { 2, 3 }, new long[] { 2, 3 })]             // nothing broadcast: dy as it is
    public void ExpandMatchesFiniteDifferences(long[] target, long[] input) =>
        Check(b => b.Node("Expand", [b.Input("x", input.Select(Dim.Of).ToArray()), b.Ints("shape", target)], "y"));

    [Fact]
    public void ExpandOverASymbolicBatchMatchesFiniteDifferences() =>
        Check(b => b.Node("Expand", [b.Input("x", Batch, 1, 4), b.Ints("shape", 3, 1)], "y"));

    [Fact]
    public void ExpandToARunTimeShapeSumsOnlyTheAxesThatWereBroadcast()
    {
        // Sizes only known at run time: t is x reshaped to [2/2, 6] and expanded to [3, 6] by shapes computed
        // from Shape nodes, so ONNX Runtime infers neither; axis 0 was broadcast (1 → 3), axis 1 not (6 → 6).
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3);
        var z = b.Input("z", 3, 1);
        var xShape = b.Node("Shape", [x], "x_shape").Outputs[0];
        var first = b.Node("Slice", [xShape, b.Ints("zero", 0), b.Ints("one", 1)], "first").Outputs[0];
        var unit = b.Node("Div", [first, first], "unit").Outputs[0];
        var t = b.Node("Reshape", [x, b.Node("Concat", [unit, b.Ints("rest", -1)], "t_shape").With("axis", 0L).Outputs[0]], "t").Outputs[0];
        var rows = b.Node("Slice", [b.Node("Shape", [z], "z_shape").Outputs[0], b.Ints("zero2", 0), b.Ints("one2", 1)], "rows").Outputs[0];
        var target = b.Node("Concat", [rows, b.Ints("six", 6)], "target").With("axis", 0L).Outputs[0];
        b.Output(b.Node("Expand", [t, target], "y").Outputs[0]);
        var model = b.Build();
        Assert.False(model.Graph.ShapeOf("t")![0].IsKnown);

        GradientChecker.AssertMatches(model, "y", seed: 96, Tolerance, wrt: ["x"]);
    }

    /// <summary>Builds x → node → y (the node named "y") and checks the gradient of x.</summary>
    private static void Check(Func<GraphBuilder, Node> build, int seed = 94)
    {
        var b = new GraphBuilder();
        b.Output(build(b).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }
}
