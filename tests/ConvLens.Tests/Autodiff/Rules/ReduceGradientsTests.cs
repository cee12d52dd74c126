using ConvLens.Autodiff;
using ConvLens.Graph;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>ReduceSum and ReduceMean rules: every axes/keepdims form, static and symbolic reduced dimensions.</summary>
public class ReduceGradientsTests
{
    /// <summary>The gradient is dy copied (and for the mean scaled by 1/count): only float32 rounding of dy and of 1/count differs, ~1e-7.</summary>
    private const double Tolerance = 1e-5;

    public static TheoryData<string, long, string, long, long> Cases()
    {
        var data = new TheoryData<string, long, string, long, long>();
        // (op, opset, axes ("-" = none given), keepdims, noop_with_empty_axes). Axis 0 is the symbolic batch.
        foreach (var op in new[] { "ReduceSum", "ReduceMean" })
            foreach (var opset in op == "ReduceSum" ? new long[] { 17 } : [17, 18])
            {
                foreach (var keep in new long[] { 1, 0 })
                    foreach (var axes in new[] { "1", "1,3", "-1", "0", "0,2", "-" })
                        data.Add(op, opset, axes, keep, 0);
                // noop_with_empty_axes came with axes as an input.
                if (op == "ReduceSum" || opset >= 18) data.Add(op, opset, "-", 1, 1);
            }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReductionsMatchFiniteDifferences(string op, long opset, string axes, long keepDims, long noopWithEmptyAxes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        long[]? axisList = axes == "-" ? null : axes.Split(',').Select(long.Parse).ToArray();
        // ReduceSum has taken axes as an input since opset 13, ReduceMean since 18.
        bool axesAsInput = op == "ReduceSum" || opset >= 18;
        var inputs = axesAsInput && axisList is not null ? new[] { x, b.Ints("axes", axisList) } : [x];
        var node = b.Node(op, inputs, "y").With("keepdims", keepDims);
        if (!axesAsInput && axisList is not null) node.With("axes", axisList);
        if (noopWithEmptyAxes != 0) node.With("noop_with_empty_axes", noopWithEmptyAxes);
        b.Output(node.Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 51, Tolerance);
    }

    [Theory]
    [InlineData("1,3", false)]
    [InlineData("0", true)]
    [InlineData("-", true)]   // every axis, the batch among them
    public void ReduceMeanCountsAtRunTimeOnlyWhenAReducedDimensionIsSymbolic(string axes, bool runtimeCount)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4, 5);
        var node = b.Node("ReduceMean", [x], "y");
        if (axes != "-") node.With("axes", axes.Split(',').Select(long.Parse).ToArray());
        b.Output(node.Outputs[0]);

        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);
        Assert.Equal(runtimeCount, gg.Model.Graph.Nodes.Any(n => n.OpType == "Size"));
    }

    [Fact]
    public void ReduceSumWithRuntimeAxesAndKeepDimsExpandsTheGradient()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var axes = b.Input("axes", TensorElementType.Int64, 1);
        b.Output(b.Node("ReduceSum", [x, axes], "y").Outputs[0]);
        var gg = ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]);

        var dy = new float[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var feeds = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats(new float[24], 2, 3, 4),
            ["axes"] = RefTensor.Vector(1),
            [gg.SeedInputs["y"]] = RefTensor.FromFloats(dy, 2, 1, 4),
        };
        var dx = OrtRunner.Run(gg.Model, feeds, [gg.Gradients["x"]])[gg.Gradients["x"]];
        // Summing over axis 1 copies dy[n, 0, k] to each of the three dx[n, c, k]: exact.
        Assert.Equal(new long[] { 2, 3, 4 }, dx.Shape);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(dy[n * 4 + k], dx[n, c, k]);
    }

    [Fact]
    public void ReduceSumWithRuntimeAxesWithoutKeepDimsIsRefused()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var axes = b.Input("axes", TensorElementType.Int64, 1);
        b.Output(b.Node("ReduceSum", [x, axes], "y").With("keepdims", 0L).Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() =>
            ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("y")], ["x"]));
        Assert.Contains("'axes'", e.Message);
        Assert.Contains("keepdims", e.Message);
    }
}
