using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>Shape and layout rules (Flatten … Pad) against float64 finite differences, and their refusals.</summary>
public class ShapeGradientsTests
{
    /// <summary>These gradients move float32 values without arithmetic (Split/Concat tests add one Mul by 2 or 3): exact to ~1e-7.</summary>
    private const double Tolerance = 1e-5;

    private static readonly Dim Batch = Dim.Sym("N");

    [Fact]
    public void FlattenMatchesFiniteDifferences() =>
        Check(b => b.Node("Flatten", [b.Input("x", Batch, 3, 4, 2)], "y").With("axis", 2L));

    [Fact]
    public void ReshapeMatchesFiniteDifferences() =>
        Check(b => b.Node("Reshape", [b.Input("x", Batch, 3, 4, 2), b.Ints("shape", 0, -1, 2)], "y"));

    [Fact]
    public void SqueezeMatchesFiniteDifferences() =>
        Check(b => b.Node("Squeeze", [b.Input("x", Batch, 3, 1, 2), b.Ints("axes", 2)], "y"));

    [Fact]
    public void UnsqueezeMatchesFiniteDifferences() =>
        Check(b => b.Node("Unsqueeze", [b.Input("x", Batch, 3, 2), b.Ints("axes", 1, 4)], "y"));

    [Theory]
    [InlineData("2,0,3,1")]
    [InlineData("")]   // no perm: the axes are reversed
    public void TransposeMatchesFiniteDifferences(string perm) => Check(b =>
    {
        var node = b.Node("Transpose", [b.Input("x", Batch, 3, 4, 2)], "y");
        if (perm.Length > 0) node.With("perm", perm.Split(',').Select(long.Parse).ToArray());
        return node;
    });

    [Theory]
    [InlineData(-2)]   // static sizes: one Split with constant sizes
    [InlineData(0)]    // the symbolic batch axis: sizes read from the inputs' shapes at run time
    public void ConcatMatchesFiniteDifferences(long axis) => Check(b =>
    {
        var x = b.Input("x", Batch, 3, 4);
        var doubled = b.Node("Mul", [x, b.Weight("two", [2f])], "doubled").Outputs[0];
        // A constant between the two: its slice of the gradient is computed and dropped.
        long[] constantShape = axis == 0 ? [2, 3, 4] : [2, 5, 4];
        var constant = b.Weight("k", TestModels.RandomNormal(new Random(91), 2 * constantShape[1] * 4), constantShape);
        var y = axis == 0 ? b.Node("Concat", [doubled, constant, x], "y") : b.Node("Concat", [doubled, b.Input("z", 2, 5, 4), x], "y");
        return y.With("axis", axis);
    });

    [Theory]
    [InlineData(13, "2,3,1")]   // sizes as an input
    [InlineData(13, "")]        // equal parts
    [InlineData(18, "2,3,1")]
    [InlineData(18, "")]        // opset 18: num_outputs
    public void SplitMatchesFiniteDifferencesWithAnUnusedOutput(long opset, string sizes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Batch, 6, 3);
        string[] inputs = sizes.Length > 0 ? [x, b.Ints("split", sizes.Split(',').Select(long.Parse).ToArray())] : [x];
        var split = b.Node("Split", inputs, ["s0", "s1", "s2"], "split").With("axis", 1L);
        if (opset >= 18 && sizes.Length == 0) split.With("num_outputs", 3L);
        // s1 is never used: its part of the gradient is zeros.
        var tripled = b.Node("Mul", ["s2", b.Weight("three", [3f])], "tripled").Outputs[0];
        b.Output(b.Node("Concat", [tripled, "s0"], "y").With("axis", 1L).Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 92, Tolerance);
    }

    public static TheoryData<string, long[], long[], long[], long[]> SliceCases() => new()
    {
        // name, starts, ends, axes, steps (empty: input omitted)
        { "step 1 on two axes", [1, 2], [3, -1], [1, 2], [] },
        { "no axes, clamped ends", [0, 1, -3], [long.MaxValue, 3, 100], [], [] },
        { "the symbolic batch axis", [1], [long.MaxValue], [0], [] },
        { "step 2 (space-to-depth)", [0, 1], [long.MaxValue, long.MaxValue], [2, 3], [2, 2] },
        { "reversed", [-1], [long.MinValue], [1], [-1] },
        { "negative steps, negative axes", [6, 1, 2], [1, 8, 3], [-2, -1, 1], [-2, 3, 1] },
    };

    [Theory]
    [MemberData(nameof(SliceCases))]
    public void SliceMatchesFiniteDifferences(string name, long[] starts, long[] ends, long[] axes, long[] steps)
    {
        _ = name;
        Check(b =>
        {
            var inputs = new List<string> { b.Input("x", Batch, 3, 8, 7), b.Ints("starts", starts), b.Ints("ends", ends) };
            if (axes.Length > 0 || steps.Length > 0) inputs.Add(axes.Length > 0 ? b.Ints("axes", axes) : "");
            if (steps.Length > 0) inputs.Add(b.Ints("steps", steps));
            return b.Node("Slice", [.. inputs], "y");
        });
    }

    [Theory]
    [InlineData(17, "0,1,2,0,0,0,1,3", "", false)]      // growing
    [InlineData(17, "0,-1,2,0,0,1,-1,-2", "", false)]   // growing and cropping
    [InlineData(18, "2,1,-1,3", "3,-2", false)]         // opset 18: pads for the listed axes only
    [InlineData(17, "0,0,1,1,0,0,2,0", "", true)]       // pads computed at run time
    public void ConstantPadMatchesFiniteDifferences(long opset, string pads, string axes, bool runtimePads)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Batch, 3, 4, 5);
        var padValues = b.Ints("pads", pads.Split(',').Select(long.Parse).ToArray());
        if (runtimePads) padValues = b.Node("Identity", [padValues], "pads_at_run_time").Outputs[0];
        string[] inputs = axes.Length > 0 ? [x, padValues, "", b.Ints("axes", axes.Split(',').Select(long.Parse).ToArray())]
            : [x, padValues, b.Weight("value", [0.5f])];
        b.Output(b.Node("Pad", inputs, "y").Outputs[0]);

        GradientChecker.AssertMatches(b.Build(), "y", seed: 93, Tolerance);
    }

    [Fact]
    public void ReflectPadIsRefusedByName()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, 4, 5);
        b.Output(b.Node("Pad", [x, b.Ints("pads", 0, 0, 1, 1, 0, 0, 1, 1)], "padded").With("mode", "reflect").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("padded")], ["x"]));
        Assert.Contains("'padded'", e.Message);
        Assert.Contains("reflect", e.Message);
    }

    [Fact]
    public void SliceWithRunTimeStartsIsRefused()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", Batch, 3, 4);
        var starts = b.Node("Identity", [b.Ints("s", 1)], "starts").Outputs[0];
        b.Output(b.Node("Slice", [x, starts, b.Ints("e", 3), b.Ints("a", 1)], "sliced").Outputs[0]);

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("sliced")], ["x"]));
        Assert.Contains("starts must be constants", e.Message);
    }

    /// <summary>Builds x → node → y (the node named "y") and checks every float input's gradient.</summary>
    private static void Check(Func<GraphBuilder, Node> build, int seed = 90)
    {
        var b = new GraphBuilder();
        b.Output(build(b).Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed, Tolerance);
    }
}
