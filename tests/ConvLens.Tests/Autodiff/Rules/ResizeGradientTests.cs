using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Resize (opset 11, 13, 18 and 19 forms) and Upsample (through the opset normaliser) against float64
/// finite differences, the MatMuls the rule emits, and its refusals.
/// </summary>
public class ResizeGradientTests
{
    /// <summary>
    /// The gradient sums, per input element, the float32 weights of the outputs that read it (up to ~16
    /// cubic taps of unit-size values, ~1e-7 relative each); a wrong tap or weight is O(1e-1).
    /// </summary>
    private const double Tolerance = 1e-4;

    private static readonly Dim Batch = Dim.Sym("N");

    public static TheoryData<string, long, float[], long[], Func<Node, Node>> Cases() => new()
    {
        // name, opset, scales (or empty), sizes (or empty), attributes; input (N, 2, 4, 6)
        { "nearest x2 (asymmetric, floor: a U-Net/YOLO upsample)", 13, [1, 1, 2, 2], [], n => n.With("coordinate_transformation_mode", "asymmetric").With("nearest_mode", "floor") },
        { "nearest, half_pixel, round_prefer_ceil, x1.5 and x0.5", 13, [1, 1, 1.5f, 0.5f], [], n => n.With("nearest_mode", "round_prefer_ceil") },
        { "nearest, ceil, tf_half_pixel_for_nn (batch and channels copied as they are)", 13, [1, 1, 2.5f, 0.75f], [], n => n.With("nearest_mode", "ceil").With("coordinate_transformation_mode", "tf_half_pixel_for_nn") },
        { "linear, half_pixel, x2 (bilinear)", 13, [1, 1, 2, 2], [], n => n.With("mode", "linear") },
        { "linear, align_corners, by sizes", 13, [], [2, 2, 7, 3], n => n.With("mode", "linear").With("coordinate_transformation_mode", "align_corners") },
        { "linear, pytorch_half_pixel, to one row", 13, [], [2, 2, 1, 9], n => n.With("mode", "linear").With("coordinate_transformation_mode", "pytorch_half_pixel") },
        { "linear, asymmetric, opset 11", 11, [1, 1, 2, 0.5f], [], n => n.With("mode", "linear").With("coordinate_transformation_mode", "asymmetric") },
        { "cubic, half_pixel", 13, [1, 1, 2, 1.5f], [], n => n.With("mode", "cubic") },
        { "cubic, exclude_outside, a = -0.5", 13, [1, 1, 0.5f, 2.5f], [], n => n.With("mode", "cubic").With("exclude_outside", 1L).With("cubic_coeff_a", -0.5f) },
        { "opset 18 axes: width only", 18, [2], [], n => n.With("mode", "linear").With("axes", [-1L]) },
        { "opset 18 axes, keep_aspect_ratio_policy not_larger", 18, [], [6, 12], n => n.With("mode", "linear").With("axes", [2L, 3]).With("keep_aspect_ratio_policy", "not_larger") },
        { "opset 19 half_pixel_symmetric", 19, [1, 1, 1.25f, 0.75f], [], n => n.With("mode", "linear").With("coordinate_transformation_mode", "half_pixel_symmetric") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ResizeMatchesFiniteDifferences(string name, long opset, float[] scales, long[] sizes, Func<Node, Node> attributes)
    {
        _ = name;
        // Sizes fix the batch; scales leave it symbolic (scale 1 there).
        var model = ResizeModel(opset, sizes.Length == 4 ? 2 : Batch, scales, sizes, attributes);
        OpsetNormalizer.Normalize(model);   // opset 11 is differentiated in its opset-13 form (the same Resize)
        GradientChecker.AssertMatches(model, "y", seed: 101, Tolerance);
    }

    [Theory]
    [InlineData(7, "nearest")]   // scales as an attribute
    [InlineData(9, "nearest")]   // scales as an input
    [InlineData(9, "linear")]
    public void UpsampleNormalisedToResizeMatchesFiniteDifferences(long opset, string mode)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Batch, 2, 3, 4);
        float[] scales = [1, 1, 2, 3];
        var upsample = opset >= 9 ? b.Node("Upsample", [x, b.Weight("scales", scales, 4)], "y")
            : b.Node("Upsample", [x], "y").With("scales", NodeAttribute.Of(scales));
        b.Output(upsample.With("mode", mode).Outputs[0]);
        var model = b.Build();
        OpsetNormalizer.Normalize(model);
        Assert.Equal("Resize", model.Graph.Nodes.Single().OpType);

        GradientChecker.AssertMatches(model, "y", seed: 102, Tolerance);
    }

    [Theory]
    [InlineData(new float[] { 1, 1, 2, 2 }, 2)]   // height and width: a left and a right MatMul, no Transpose
    [InlineData(new float[] { 1, 1, 1, 2 }, 1)]   // width only: the height's identity matrix is skipped
    public void EachResizedAxisIsOneMatMul(float[] scales, int matMuls)
    {
        var ops = BackwardOps(ResizeModel(13, Batch, scales, [], n => n.With("mode", "linear")));
        Assert.Equal(matMuls, ops.Count(op => op == "MatMul"));
        Assert.DoesNotContain("Transpose", ops);
    }

    [Theory]
    [InlineData("asymmetric", "floor", true)]                // Upsample's rule: each input row repeated twice
    [InlineData("half_pixel", "round_prefer_floor", true)]   // the same rows, through another coordinate transform
    [InlineData("align_corners", "round_prefer_floor", false)]   // rows not repeated evenly: MatMuls
    public void NearestUpsamplingByWholeFactorsSumsTheRepeats(string coordinates, string nearestMode, bool repeats)
    {
        var model = ResizeModel(13, Batch, [1, 1, 2, 3], [], n => n.With("coordinate_transformation_mode", coordinates).With("nearest_mode", nearestMode));
        var ops = BackwardOps(model);
        Assert.Equal(repeats, !ops.Contains("MatMul"));
        Assert.Equal(repeats, ops.Contains("AveragePool"));
        GradientChecker.AssertMatches(model, "y", seed: 103, Tolerance);
    }

    [Fact]
    public void NearestRepeatsAlongTheChannelAxisAreSummedByReduceSum()
    {
        // Not a spatial axis, so no pooling: dY reshaped to (N, 2, 3, 4, 6) and summed over the 3 copies.
        var model = ResizeModel(13, Batch, [1, 3, 1, 1], [], n => n.With("coordinate_transformation_mode", "asymmetric").With("nearest_mode", "floor"));
        var ops = BackwardOps(model);
        Assert.Contains("ReduceSum", ops);
        Assert.DoesNotContain("MatMul", ops);
        GradientChecker.AssertMatches(model, "y", seed: 104, Tolerance);
    }

    [Theory]
    [InlineData("tf_crop_and_resize", 13, "tf_crop_and_resize")]
    [InlineData("antialias", 18, "antialiased linear")]
    [InlineData("runtime scales", 13, "scales 'computed' must be a constant")]
    [InlineData("resized symbolic height", 13, "axis 2")]
    public void UnsupportedFormsAreRefusedByName(string form, long opset, string expected)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Batch, 2, form == "resized symbolic height" ? Dim.Sym("H") : 4, 6);
        var scales = b.Weight("scales", [1, 1, 2, 2], 4);
        if (form == "runtime scales") scales = b.Node("Identity", [scales], "computed").Outputs[0];
        var node = b.Node("Resize", [x, form == "tf_crop_and_resize" ? b.Weight("roi", [0, 0, 0, 0, 1, 1, 1, 1], 8) : "", scales], "resized").With("mode", "linear");
        if (form == "tf_crop_and_resize") node.With("coordinate_transformation_mode", "tf_crop_and_resize");
        if (form == "antialias") node.With("antialias", 1L);
        b.Output("resized");

        var e = Assert.Throws<ConvLensException>(() => ReverseModeDifferentiator.Differentiate(b.Build(), [GradientSeed.Input("resized")], ["x"]));
        Assert.Contains("'resized'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    private static OnnxModel ResizeModel(long opset, Dim batch, float[] scales, long[] sizes, Func<Node, Node> attributes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", batch, 2, 4, 6);
        // Opset 11 requires the roi input even where it is unused: an empty tensor.
        var roi = opset == 11 ? b.Weight("roi", [], 0) : "";
        string[] inputs = scales.Length > 0 ? [x, roi, b.Weight("scales", scales, scales.Length)] : [x, roi, "", b.Ints("sizes", sizes)];
        b.Output(attributes(b.Node("Resize", inputs, "y")).Outputs[0]);
        return b.Build();
    }

    /// <summary>Operator types of the nodes the backward pass of y with respect to x adds.</summary>
    private static List<string> BackwardOps(OnnxModel model) =>
        ReverseModeDifferentiator.Differentiate(model, [GradientSeed.Input("y")], ["x"]).Model.Graph.Nodes
            .Where(n => n.Name.StartsWith(ReverseModeDifferentiator.Prefix, StringComparison.Ordinal)).Select(n => n.OpType).ToList();
}
