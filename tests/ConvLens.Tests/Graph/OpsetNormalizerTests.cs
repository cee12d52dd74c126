using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Each rewrite of <see cref="OpsetNormalizer"/> is checked the same way: a small graph of the old opset
/// runs in ONNX Runtime before and after normalising, and the outputs must agree.
/// </summary>
public class OpsetNormalizerTests
{
    private const int Seed = 20240613;

    // Rewrites that only move parameters (or copy data) run the very same kernel on the same data: bit-exact.
    // Where float arithmetic runs in a different operator version (reductions, softmax, interpolation),
    // 1e-6 relative allows for a different summation order; a wrong rewrite is off by far more.
    private const double FloatTolerance = 1e-6;

    [Fact]
    public void Unsqueeze_axes_move_to_an_input_with_a_unique_name()
    {
        var b = new GraphBuilder(opset: 11);
        var x = b.Input("x", 2, 3);
        b.Ints("u_axes", 7); // takes the name the rewrite would pick first
        b.Node("Unsqueeze", [x], "u").With("axes", [0L, -1]);
        b.Output("u");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 2, 3);

        var node = normalized.Graph.Nodes.Single(n => n.OpType == "Unsqueeze");
        Assert.Empty(node.Attributes);
        Assert.Equal("u_axes_1", node.Inputs[1]);
        Assert.Equal([0L, -1], normalized.Graph.Initializers[node.Inputs[1]].ToInt64s());
    }

    [Fact]
    public void Squeeze_axes_move_to_an_input()
    {
        var b = new GraphBuilder(opset: 9);
        b.Node("Squeeze", [b.Input("x", 2, 1, 3, 1)], "s").With("axes", [1L]);
        b.Output("s");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 2, 1, 3, 1);
        Assert.Equal(2, normalized.Graph.Nodes.Single().Inputs.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReduceSum_axes_move_to_an_input(bool withAxes)
    {
        var b = new GraphBuilder(opset: 11);
        var node = b.Node("ReduceSum", [b.Input("x", 2, 3, 4)], "r").With("keepdims", 0L);
        if (withAxes) node.With("axes", [1L, -1]);
        b.Output("r");
        var normalized = AssertSameOutputs(b.Build(), exact: false, "x", 2, 3, 4);
        Assert.Equal(withAxes ? 2 : 1, normalized.Graph.Nodes.Single().Inputs.Count);
    }

    [Fact]
    public void Split_sizes_move_to_an_input()
    {
        var b = new GraphBuilder(opset: 11);
        b.Node("Split", [b.Input("x", 2, 3, 4)], ["s0", "s1"], "split").With("axis", 1L).With("split", [1L, 2]);
        b.Output("s0");
        b.Output("s1");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 2, 3, 4);
        Assert.Equal([1L, 2], normalized.Graph.Initializers[normalized.Graph.Nodes.Single().Inputs[1]].ToInt64s());
    }

    [Fact]
    public void Slice_attributes_move_to_inputs()
    {
        var b = new GraphBuilder(opset: 9);
        b.Node("Slice", [b.Input("x", 4, 3, 5)], "s").With("starts", [1L, -4]).With("ends", [3L, 1000]).With("axes", [0L, 2]);
        b.Output("s");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 4, 3, 5);
        Assert.Equal(4, normalized.Graph.Nodes.Single().Inputs.Count);
    }

    [Theory]
    [InlineData("constant", 1.5f)]
    [InlineData("constant", 0f)]
    [InlineData("reflect", 0f)]
    [InlineData("edge", 0f)]
    public void Pad_attributes_move_to_inputs_and_the_mode_stays(string mode, float value)
    {
        var b = new GraphBuilder(opset: 10);
        b.Node("Pad", [b.Input("x", 1, 2, 4, 5)], "p").With("mode", mode).With("pads", [0L, 0, 1, 2, 0, 0, 2, 1]).With("value", value);
        b.Output("p");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 1, 2, 4, 5);
        var pad = normalized.Graph.Nodes.Single();
        Assert.Equal(mode, pad.String("mode", ""));
        Assert.Equal(value != 0 ? 3 : 2, pad.Inputs.Count);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Clip_bounds_move_to_inputs(bool withMin, bool withMax)
    {
        var b = new GraphBuilder(opset: 10);
        var clip = b.Node("Clip", [b.Input("x", 3, 8)], "c");
        if (withMin) clip.With("min", -0.5f);
        if (withMax) clip.With("max", 0.25f);
        b.Output("c");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 3, 8);
        var node = normalized.Graph.Nodes.Single();
        Assert.Empty(node.Attributes);
        Assert.Equal(withMin, node.HasInput(1));
        Assert.Equal(withMax, node.HasInput(2));
    }

    [Fact]
    public void Dropout_loses_its_ratio_and_stays_an_identity()
    {
        var b = new GraphBuilder(opset: 10);
        b.Node("Dropout", [b.Input("x", 2, 5)], "d").With("ratio", 0.3f);
        b.Output("d");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 2, 5);
        Assert.Empty(normalized.Graph.Nodes.Single().Attributes);
    }

    [Fact]
    public void Dropout_is_test_from_old_exporters_is_removed()
    {
        // Opset 7 no longer defines is_test, so the runtime refuses the original; the normalised model runs.
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(2, 5)));
        graph.Nodes.Add(new Node("Dropout", ["x"], ["d"], "drop").With("is_test", 1L).With("ratio", 0.5f));
        graph.Outputs.Add(new ValueInfo("d", TensorElementType.Float, null));
        var model = new OnnxModel(graph, 7);
        OpsetNormalizer.Normalize(model);

        Assert.Empty(model.Graph.Nodes.Single().Attributes);
        var x = TestTensors.Normal(new Random(Seed), 2, 5);
        TestTensors.AssertBitEqual(x, OrtTestRunner.Run(model, ("x", x))["d"], $"dropout output (seed {Seed})");
    }

    [Fact]
    public void BatchNormalization_loses_spatial()
    {
        var rng = new Random(Seed);
        var b = new GraphBuilder(opset: 7);
        string[] parameters = ["scale", "bias", "mean", "var"];
        foreach (var p in parameters)
            b.Weight(p, TestTensors.Normal(rng, 3).ToFloats().Select(v => p == "var" ? 1 + Math.Abs(v) : v).ToArray(), 3);
        b.Node("BatchNormalization", [b.Input("x", 2, 3, 4, 4), .. parameters], "bn").With("spatial", 1L).With("epsilon", 1e-5f);
        b.Output("bn");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 2, 3, 4, 4);
        Assert.False(normalized.Graph.Nodes.Single().Attributes.ContainsKey("spatial"));
    }

    [Fact]
    public void BatchNormalization_per_activation_is_refused_with_the_file_and_node()
    {
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(2, 3)));
        foreach (var p in new[] { "s", "b", "m", "v" }) graph.Initializers[p] = ConstTensor.FromFloats(new float[3], 3);
        graph.Nodes.Add(new Node("BatchNormalization", ["x", "s", "b", "m", "v"], ["y"], "bn1").With("spatial", 0L));
        graph.Outputs.Add(new ValueInfo("y", TensorElementType.Float, null));
        var model = new OnnxModel(graph, 8) { Source = "legacy.onnx" };

        var e = Assert.Throws<ConvLensException>(() => OpsetNormalizer.Normalize(model));
        Assert.Contains("legacy.onnx", e.Message);
        Assert.Contains("bn1", e.Message);
        Assert.Contains("spatial", e.Message);
    }

    [Theory]
    [InlineData("Softmax", 7)]
    [InlineData("Softmax", 11)]
    [InlineData("LogSoftmax", 9)]
    [InlineData("Hardmax", 12)]
    public void Softmax_family_over_a_non_last_axis_keeps_the_2d_coercion(string op, int opset)
    {
        var b = new GraphBuilder(opset);
        b.Node(op, [b.Input("x", Dim.Sym("N"), 3, 4, 5)], "y").With("axis", 2L);
        b.Output("y");
        var model = b.Build();
        var normalized = AssertSameOutputs(model, exact: op == "Hardmax", "x", 2, 3, 4, 5);
        Assert.Equal(["Flatten", op, "Shape", "Reshape"], normalized.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal(-1, normalized.Graph.Nodes.Single(n => n.OpType == op).Int("axis", 0));

        // The batch stays symbolic: another batch size runs through the same normalised graph.
        var x = TestTensors.Normal(new Random(Seed), 5, 3, 4, 5);
        TestTensors.AssertClose(OrtTestRunner.Run(model, ("x", x))["y"], OrtTestRunner.Run(normalized, ("x", x))["y"],
            FloatTolerance, $"{op} with batch 5 (seed {Seed})");
    }

    [Theory]
    [InlineData(new long[] { 2, 3, 4 }, -1L)]   // the last axis: both definitions agree
    [InlineData(new long[] { 2, 3, 4 }, 2L)]
    [InlineData(new long[] { 4, 10 }, 1L)]      // the classifier case: 2-D input, default axis
    [InlineData(new long[] { 2, 10, 1, 1 }, 1L)] // only ones follow the axis
    public void Softmax_where_both_definitions_agree_stays_one_node(long[] shape, long axis)
    {
        var b = new GraphBuilder(opset: 11);
        var softmax = b.Node("Softmax", [b.Input("x", shape.Select(Dim.Of).ToArray())], "y");
        if (axis != 1) softmax.With("axis", axis);
        b.Output("y");
        var normalized = AssertSameOutputs(b.Build(), exact: false, "x", shape);
        var node = normalized.Graph.Nodes.Single();
        Assert.Equal(axis, node.Int("axis", -99)); // now explicit: opset 13's default is -1, the old one was 1
    }

    [Theory]
    [InlineData("nearest", 7, new float[] { 1, 1, 2, 3 })]
    [InlineData("linear", 7, new float[] { 1, 1, 2, 2 })]
    [InlineData("nearest", 9, new float[] { 1, 1, 3, 2 })]
    [InlineData("linear", 9, new float[] { 1, 1, 2, 4 })]
    public void Upsample_becomes_an_asymmetric_resize(string mode, int opset, float[] scales)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 1, 2, 3, 4);
        var up = opset < 9
            ? b.Node("Upsample", [x], "up").With("scales", NodeAttribute.Of(scales))
            : b.Node("Upsample", [x, b.Weight("scales", scales, 4)], "up");
        up.With("mode", mode);
        b.Output("up");
        var normalized = AssertSameOutputs(b.Build(), exact: mode == "nearest", "x", 1, 2, 3, 4);
        var resize = normalized.Graph.Nodes.Single();
        Assert.Equal("Resize", resize.OpType);
        Assert.Equal("asymmetric", resize.String("coordinate_transformation_mode", ""));
        Assert.Equal(scales, normalized.Graph.Initializers[resize.Inputs[2]].ToFloats());
    }

    [Theory]
    [InlineData("nearest", new float[] { 1, 1, 2, 3 })]
    [InlineData("nearest", new float[] { 1, 1, 0.5f, 0.75f })]
    [InlineData("linear", new float[] { 1, 1, 2, 1.5f })]
    public void Resize_10_gets_its_coordinate_rules_spelled_out(string mode, float[] scales)
    {
        var b = new GraphBuilder(opset: 10);
        b.Node("Resize", [b.Input("x", 1, 2, 4, 6), b.Weight("scales", scales, 4)], "r").With("mode", mode);
        b.Output("r");
        var normalized = AssertSameOutputs(b.Build(), exact: mode == "nearest", "x", 1, 2, 4, 6);
        Assert.Equal(["x", "", "scales"], normalized.Graph.Nodes.Single().Inputs);
    }

    [Fact]
    public void TopK_k_moves_to_an_input()
    {
        var b = new GraphBuilder(opset: 9);
        b.Node("TopK", [b.Input("x", 3, 7)], ["values", "indices"], "topk").With("k", 3L);
        b.Output("values");
        b.Output("indices");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 3, 7);
        Assert.Equal([3L], normalized.Graph.Initializers[normalized.Graph.Nodes.Single().Inputs[1]].ToInt64s());
    }

    [Fact]
    public void ImageScaler_becomes_a_multiply_and_an_add()
    {
        var b = new GraphBuilder(opset: 8);
        b.Node("ImageScaler", [b.Input("x", 1, 3, 4, 4)], "s").With("scale", 0.5f).With("bias", NodeAttribute.Of(new float[] { 1, -2, 3 }));
        b.Output("s");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 1, 3, 4, 4);
        Assert.Equal(["Mul", "Add"], normalized.Graph.Nodes.Select(n => n.OpType));
    }

    [Fact]
    public void Scatter_becomes_ScatterElements()
    {
        var b = new GraphBuilder(opset: 9);
        b.Node("Scatter", [b.Input("x", 3, 3), b.Initializer("idx", ConstTensor.FromInt64s([1, 0, 2], 1, 3)), b.Weight("upd", [7f, 8f, 9f], 1, 3)], "s")
            .With("axis", 0L);
        b.Output("s");
        var normalized = AssertSameOutputs(b.Build(), exact: true, "x", 3, 3);
        Assert.Equal("ScatterElements", normalized.Graph.Nodes.Single().OpType);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(22)]
    public void Opsets_outside_7_to_21_are_refused_naming_the_file_and_the_range(long opset)
    {
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(2)));
        graph.Nodes.Add(new Node("Relu", ["x"], ["y"], "relu"));
        graph.Outputs.Add(new ValueInfo("y", TensorElementType.Float, null));
        var model = new OnnxModel(graph, opset) { Source = "models/net.onnx" };

        var e = Assert.Throws<ConvLensException>(() => OpsetNormalizer.Normalize(model));
        Assert.Contains("models/net.onnx", e.Message);
        Assert.Contains("7–21", e.Message);
        Assert.Contains(opset.ToString(), e.Message);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(21)]
    public void Models_at_opset_13_or_later_are_left_as_they_are(long opset)
    {
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(2, 3, 4)));
        graph.Nodes.Add(new Node("Softmax", ["x"], ["y"], "softmax").With("axis", 1L));
        graph.Outputs.Add(new ValueInfo("y", TensorElementType.Float, null));
        var model = new OnnxModel(graph, opset) { IrVersion = 8 };

        OpsetNormalizer.Normalize(model);
        Assert.Equal(opset, model.Opset);
        Assert.Equal(1, model.Graph.Nodes.Single().Int("axis", 0));
        Assert.Empty(model.Graph.Initializers);
    }

    [Theory]
    [InlineData("not_larger")]
    [InlineData("not_smaller")]
    public void Negative_Resize_18_axes_are_counted_from_the_start_so_kernel_and_inferred_shape_agree(string policy)
    {
        var b = new GraphBuilder(opset: 18);
        b.Node("Resize", [b.Input("x", 1, 3, 4, 4), "", "", b.Ints("sizes", 6, 5)], "r")
            .With("mode", "nearest").With("axes", [-2L, -1]).With("keep_aspect_ratio_policy", policy);
        b.Output("r");
        var model = b.Build();
        OpsetNormalizer.Normalize(model);

        Assert.Equal(18, model.Opset);
        Assert.Equal([2L, 3], model.Graph.Nodes.Single().Ints("axes")!);
        // Spec: one scale for both axes, the smaller (not_larger: 5/4) or larger (not_smaller: 6/4) of sizes / 4.
        long side = policy == "not_larger" ? 5 : 6;
        ShapeInference.Infer(model);
        Assert.Equal(TensorShape.Of(1, 3, side, side), model.Graph.ShapeOf("r"));
        var y = OrtTestRunner.Run(model, ("x", TestTensors.Normal(new Random(Seed), 1, 3, 4, 4)))["r"];
        Assert.Equal([1L, 3, side, side], y.Dims);
    }

    [Fact]
    public void Packaged_resnet18_at_opset_8_gives_the_same_features_after_normalising()
    {
        var original = OnnxModelReader.ReadFile(TestFiles.ResNet18);
        Assert.Equal(8, original.Opset);
        var normalized = original.Clone();
        OpsetNormalizer.Normalize(normalized);
        Assert.Equal(13, normalized.Opset);
        Assert.Equal(original.Graph.Nodes.Count, normalized.Graph.Nodes.Count);

        var x = TestTensors.Normal(new Random(Seed), 1, 3, 224, 224);
        string input = original.Graph.Inputs.Single().Name, output = original.Graph.Outputs.Single().Name;
        var expected = OrtTestRunner.Run(original, (input, x))[output];
        var actual = OrtTestRunner.Run(normalized, (input, x))[output];
        // Only BatchNormalization's spatial=1 attribute goes, so the same kernels run on the same data.
        TestTensors.AssertBitEqual(expected, actual, $"ResNet18 features (seed {Seed})");
    }

    /// <summary>Runs the model before and after normalising on the same random input and compares every output.</summary>
    private static OnnxModel AssertSameOutputs(OnnxModel model, bool exact, string input, params long[] dims)
    {
        var feeds = (input, TestTensors.Normal(new Random(Seed), dims));
        var before = OrtTestRunner.Run(model, feeds);

        var normalized = model.Clone();
        OpsetNormalizer.Normalize(normalized);
        Assert.Equal(13, normalized.Opset);
        ShapeInference.Infer(normalized); // the runtime accepts the rewritten graph as opset 13
        var after = OrtTestRunner.Run(normalized, feeds);

        foreach (var (name, expected) in before)
        {
            string what = $"output '{name}' (seed {Seed})";
            if (exact || !TensorValues.IsFloat(expected.ElementType)) TestTensors.AssertBitEqual(expected, after[name], what);
            else TestTensors.AssertClose(expected, after[name], FloatTolerance, what);
        }
        return normalized;
    }
}
