using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Small graphs, one per operator variant, on which the reference evaluator is compared with ONNX Runtime.</summary>
internal static class RefTestGraphs
{
    private static readonly Dictionary<string, Func<Random, OnnxModel>> All = new()
    {
        // Convolution: padding forms, strides, dilations, groups, spatial ranks.
        ["conv_pads_bias"] = r => Conv(r, [2, 3, 7, 6], [4, 3, 3, 3], n => n.With("pads", [1L, 1, 1, 1]), bias: true),
        ["conv_strides_dilations_asymmetric_pads"] = r => Conv(r, [1, 2, 9, 8], [3, 2, 3, 2], n => n.With("strides", [2L, 1]).With("dilations", [2L, 1]).With("pads", [0L, 1, 2, 0])),
        ["conv_same_upper"] = r => Conv(r, [1, 2, 7, 7], [2, 2, 4, 4], n => n.With("auto_pad", "SAME_UPPER").With("strides", [2L, 2])),
        ["conv_same_lower"] = r => Conv(r, [1, 2, 7, 7], [2, 2, 4, 4], n => n.With("auto_pad", "SAME_LOWER").With("strides", [2L, 2])),
        ["conv_valid"] = r => Conv(r, [1, 2, 6, 5], [2, 2, 3, 3], n => n.With("auto_pad", "VALID")),
        ["conv_group"] = r => Conv(r, [1, 4, 5, 5], [6, 2, 3, 3], n => n.With("group", 2L).With("pads", [1L, 1, 1, 1]), bias: true),
        ["conv_depthwise"] = r => Conv(r, [2, 3, 5, 5], [3, 1, 3, 3], n => n.With("group", 3L)),
        ["conv_1d"] = r => Conv(r, [2, 3, 9], [2, 3, 3], n => n.With("strides", [2L]).With("pads", [1L, 0])),
        ["conv_3d"] = r => Conv(r, [1, 2, 4, 4, 3], [2, 2, 2, 2, 2], n => n),
        ["conv_transpose_stride_pads_output_padding"] = r => Conv(r, [1, 2, 4, 5], [2, 3, 3, 3], n => n.With("strides", [2L, 3]).With("pads", [1L, 0, 0, 2]).With("output_padding", [1L, 2]), bias: true, op: "ConvTranspose"),
        ["conv_transpose_group_dilation"] = r => Conv(r, [2, 4, 3, 4], [4, 1, 2, 3], n => n.With("group", 2L).With("dilations", [2L, 1]).With("strides", [1L, 2]), op: "ConvTranspose"),
        ["conv_transpose_output_shape"] = r => Conv(r, [1, 2, 3, 3], [2, 2, 3, 3], n => n.With("strides", [2L, 2]).With("output_shape", [6L, 6]), op: "ConvTranspose"),
        ["conv_transpose_same_upper"] = r => Conv(r, [1, 2, 3, 4], [2, 2, 4, 3], n => n.With("strides", [2L, 2]).With("auto_pad", "SAME_UPPER"), op: "ConvTranspose"),
        ["conv_transpose_same_lower"] = r => Conv(r, [1, 2, 3, 4], [2, 2, 4, 3], n => n.With("strides", [2L, 2]).With("auto_pad", "SAME_LOWER"), op: "ConvTranspose"),
        ["conv_transpose_1d"] = r => Conv(r, [2, 3, 5], [3, 2, 4], n => n.With("strides", [3L]).With("pads", [2L, 1]), op: "ConvTranspose"),

        // Pooling.
        ["maxpool_2x2"] = _ => Unary("MaxPool", [2, 3, 6, 6], n => n.With("kernel_shape", [2L, 2]).With("strides", [2L, 2])),
        ["maxpool_asymmetric_pads"] = _ => Unary("MaxPool", [1, 2, 7, 7], n => n.With("kernel_shape", [3L, 3]).With("strides", [2L, 2]).With("pads", [1L, 1, 0, 0])),
        ["maxpool_ceil_dilated"] = _ => Unary("MaxPool", [1, 2, 8, 9], n => n.With("kernel_shape", [3L, 2]).With("strides", [2L, 2]).With("dilations", [2L, 1]).With("ceil_mode", 1L)),
        ["maxpool_ceil_drops_window_in_padding"] = _ => Unary("MaxPool", [1, 1, 6, 6], n => n.With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).With("pads", [0L, 0, 1, 1]).With("ceil_mode", 1L)),
        ["maxpool_same_upper"] = _ => Unary("MaxPool", [1, 2, 5, 5], n => n.With("kernel_shape", [2L, 2]).With("strides", [2L, 2]).With("auto_pad", "SAME_UPPER")),
        ["avgpool_exclude_pad"] = _ => Unary("AveragePool", [1, 2, 6, 6], n => n.With("kernel_shape", [3L, 3]).With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1])),
        ["avgpool_include_pad"] = _ => Unary("AveragePool", [1, 2, 6, 6], n => n.With("kernel_shape", [3L, 3]).With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1]).With("count_include_pad", 1L)),
        ["avgpool_ceil"] = _ => Unary("AveragePool", [1, 2, 7, 7], n => n.With("kernel_shape", [3L, 3]).With("strides", [2L, 2]).With("ceil_mode", 1L)),
        ["avgpool_ceil_include_pad"] = _ => Unary("AveragePool", [1, 2, 6, 6], n => n.With("kernel_shape", [3L, 3]).With("strides", [2L, 2]).With("pads", [1L, 1, 1, 1]).With("ceil_mode", 1L).With("count_include_pad", 1L)),
        ["global_average_pool"] = _ => Unary("GlobalAveragePool", [2, 3, 4, 5], n => n),
        ["global_max_pool"] = _ => Unary("GlobalMaxPool", [2, 3, 4, 5], n => n),

        // Linear.
        ["gemm_transposed_scaled"] = r => Gemm(r, [4, 3], [5, 4], [5], n => n.With("transA", 1L).With("transB", 1L).With("alpha", 0.5f).With("beta", 2f)),
        ["gemm_column_bias"] = r => Gemm(r, [3, 4], [4, 5], [3, 1], n => n),
        ["gemm_no_bias"] = r => Gemm(r, [3, 4], [4, 5], null, n => n),
        ["matmul_2d"] = _ => Binary("MatMul", [3, 4], [4, 5]),
        ["matmul_vector_matrix"] = _ => Binary("MatMul", [4], [4, 5]),
        ["matmul_matrix_vector"] = _ => Binary("MatMul", [3, 4], [4]),
        ["matmul_batch_broadcast"] = _ => Binary("MatMul", [2, 1, 3, 4], [3, 4, 5]),
        ["matmul_vector_batch"] = _ => Binary("MatMul", [4], [2, 4, 3]),

        // Elementwise with broadcasting.
        ["add_broadcast"] = _ => Binary("Add", [2, 3, 4], [3, 1]),
        ["sub_broadcast"] = _ => Binary("Sub", [1, 4], [3, 1]),
        ["mul_broadcast"] = _ => Binary("Mul", [2, 1, 4], [3, 4]),
        ["div_broadcast"] = _ => Binary("Div", [2, 3], [3]),
        ["pow_positive_base"] = _ => Chain([2, 3], ("Abs", null), ("Pow", [2, 3])),
        ["sum_variadic"] = _ => Variadic("Sum", [2, 3, 4], [4], [3, 1]),
        ["unary_chain"] = _ => Chain([3, 4], ("Neg", null), ("Exp", null), ("Log", null), ("Abs", null), ("Sqrt", null), ("Tanh", null), ("Sigmoid", null), ("Relu", null)),
        ["leaky_relu"] = _ => Unary("LeakyRelu", [3, 4], n => n.With("alpha", 0.2f)),
        ["clip_both_bounds"] = _ => Clip(-0.5f, 0.7f),
        ["clip_max_only"] = _ => Clip(null, 0.3f),
        ["where_greater_equal"] = _ => WhereGreaterEqual(),
        ["max_variadic"] = _ => Variadic("Max", [2, 3], [3], [2, 1]),
        ["min_variadic"] = _ => Variadic("Min", [2, 3], [3], [2, 1]),
        ["mean_variadic"] = _ => Variadic("Mean", [2, 3], [3], [2, 1]),
        ["rounding_chain"] = _ => Chain([4, 5], ("Reciprocal", null), ("Floor", null), ("Sign", null), ("Ceil", null)),
        ["logic_ops"] = _ => Logic(),
        ["expand"] = _ => WithInts("Expand", [3, 1], [2, 3, 4]),

        // Normalization and softmax.
        ["batch_normalization"] = r => BatchNorm(r),
        ["lrn_odd_size"] = _ => Unary("LRN", [2, 5, 3, 3], n => n.With("size", 3L).With("alpha", 0.3f).With("beta", 0.75f).With("bias", 1.5f)),
        ["layer_norm_axis_minus2_with_stats"] = r => Normalization(r, "LayerNormalization", [2, 3, 4, 5], [4, 5], n => n.With("axis", -2L).With("epsilon", 1e-2f), opset: 17, outputs: 3),
        ["layer_norm_axis1_broadcast_scale_no_bias"] = r => Normalization(r, "LayerNormalization", [2, 3, 4], [1, 4], n => n.With("axis", 1L), opset: 17, bias: false),
        ["instance_norm"] = r => Normalization(r, "InstanceNormalization", [2, 3, 4, 2], [3], n => n.With("epsilon", 1e-2f), opset: 17),
        ["group_norm_opset18_per_group"] = r => Normalization(r, "GroupNormalization", [2, 6, 3, 2], [3], n => n.With("num_groups", 3L).With("epsilon", 1e-2f), opset: 18),
        ["group_norm_opset21_per_channel"] = r => Normalization(r, "GroupNormalization", [2, 6, 3, 2], [6], n => n.With("num_groups", 3L).With("epsilon", 1e-2f), opset: 21),
        ["softmax_axis1"] = _ => Unary("Softmax", [2, 4, 3], n => n.With("axis", 1L)),
        ["log_softmax_last_axis"] = _ => Unary("LogSoftmax", [2, 3, 5], n => n),
        ["softmax_opset11_coerced_2d"] = _ => Unary("Softmax", [2, 3, 2, 2], n => n.With("axis", 1L), opset: 11),

        // Reductions.
        ["reduce_sum_keepdims"] = _ => Reduce("ReduceSum", [2, 3, 4], [1, -1], keepDims: true, opset: 13),
        ["reduce_sum_drop_dims"] = _ => Reduce("ReduceSum", [2, 3, 4], [0, 2], keepDims: false, opset: 13),
        ["reduce_sum_all"] = _ => Reduce("ReduceSum", [2, 3], [], keepDims: false, opset: 13),
        ["reduce_sum_noop_empty_axes"] = _ => Unary("ReduceSum", [2, 3], n => n.With("noop_with_empty_axes", 1L)),
        ["reduce_mean_attribute_opset17"] = _ => Unary("ReduceMean", [2, 3, 4], n => n.With("axes", [2L]).With("keepdims", 0L)),
        ["reduce_mean_input_opset18"] = _ => Reduce("ReduceMean", [2, 3, 4], [1], keepDims: true, opset: 18),
        ["reduce_max"] = _ => Reduce("ReduceMax", [2, 3, 4], [1], keepDims: false, opset: 18),
        ["reduce_min"] = _ => Reduce("ReduceMin", [2, 3, 4], [0, 2], keepDims: true, opset: 18),
        ["reduce_sum_square"] = _ => Reduce("ReduceSumSquare", [2, 3, 4], [-1], keepDims: false, opset: 18),
        ["reduce_max_attribute_opset13"] = _ => Unary("ReduceMax", [2, 3, 4], n => n.With("axes", [-1L, 0]), opset: 13),
        ["reduce_l1"] = _ => Reduce("ReduceL1", [2, 3, 4], [1], keepDims: true, opset: 18),
        ["reduce_l2"] = _ => Reduce("ReduceL2", [2, 3, 4], [0, 2], keepDims: false, opset: 18),
        ["reduce_log_sum_exp"] = _ => Reduce("ReduceLogSumExp", [2, 3, 4], [2], keepDims: true, opset: 18),
        ["reduce_prod"] = _ => Reduce("ReduceProd", [2, 3, 4], [1], keepDims: false, opset: 18),
        ["reduce_l2_all"] = _ => Reduce("ReduceL2", [2, 3], [], keepDims: false, opset: 18),
        ["reduce_max_noop_empty_axes"] = _ => Unary("ReduceMax", [2, 3], n => n.With("noop_with_empty_axes", 1L), opset: 18),
        ["reduce_sum_square_noop_empty_axes"] = _ => Unary("ReduceSumSquare", [2, 3], n => n.With("noop_with_empty_axes", 1L), opset: 18),
        ["reduce_l1_noop_empty_axes"] = _ => Unary("ReduceL1", [2, 3], n => n.With("noop_with_empty_axes", 1L), opset: 18),
        ["reduce_l2_noop_empty_axes"] = _ => Unary("ReduceL2", [2, 3], n => n.With("noop_with_empty_axes", 1L), opset: 18),
        ["reduce_log_sum_exp_noop_empty_axes"] = _ => Unary("ReduceLogSumExp", [2, 3], n => n.With("noop_with_empty_axes", 1L), opset: 18),

        // Einsum.
        ["einsum_channel_mix"] = _ => Einsum("bchw,bkc->bkhw", [2, 3, 2, 2], [2, 4, 3]),
        ["einsum_batched_matmul_ellipsis_broadcast"] = _ => Einsum("...ij,...jk->...ik", [2, 1, 3, 4], [1, 3, 4, 2]),
        ["einsum_transpose"] = _ => Einsum("ij->ji", [3, 4]),
        ["einsum_implicit_output"] = _ => Einsum("ij,jk", [3, 4], [4, 2]),
        ["einsum_summed_out_and_diagonal"] = _ => Einsum("iij,kj->k", [3, 3, 2], [4, 2]),

        // Layout.
        ["flatten_axis2"] = _ => Unary("Flatten", [2, 3, 2, 2], n => n.With("axis", 2L)),
        ["reshape_zero_and_minus_one"] = _ => WithInts("Reshape", [2, 3, 4], [0, -1, 2]),
        ["squeeze_axes"] = _ => WithInts("Squeeze", [2, 1, 3, 1], [-1, 1]),
        ["unsqueeze_axes"] = _ => WithInts("Unsqueeze", [2, 3], [0, -1]),
        ["transpose_perm"] = _ => Unary("Transpose", [2, 3, 4], n => n.With("perm", [1L, 2, 0])),
        ["transpose_default"] = _ => Unary("Transpose", [2, 3, 4], n => n),
        ["concat_axis1"] = _ => Variadic("Concat", [2, 1, 3], [2, 2, 3], [2, 4, 3], n => n.With("axis", 1L)),
        ["split_sizes_input"] = _ => Split([2, 6], n => n.With("axis", 1L), sizes: [1, 3, 2]),
        ["split_equal"] = _ => Split([6, 2], n => n, parts: 3),
        ["split_num_outputs_uneven"] = _ => Split([7, 2], n => n.With("num_outputs", 3L), parts: 3, opset: 18),
        ["slice_negative_and_clamped"] = _ => Slice([5, 6, 4], starts: [-4, 1], ends: [1000, -1], axes: [0, 2], steps: null),
        ["slice_negative_steps"] = _ => Slice([5, 6], starts: [-1, 4], ends: [-1000, 0], axes: [0, 1], steps: [-2, -1]),
        ["slice_default_axes_step3"] = _ => Slice([7, 3], starts: [1], ends: [7], axes: null, steps: [3]),
        ["pad_constant_value_crop"] = _ => Pad([2, 3, 4], [0, 1, -1, 0, 2, 2], "constant", 1.5f),
        ["pad_edge"] = _ => Pad([2, 3], [1, 2, 2, 1], "edge", null),
        ["pad_reflect"] = _ => Pad([3, 4], [2, 1, 1, 3], "reflect", null),

        // Resize (scales exactly representable in float32, so both sides round the same coordinates).
        ["resize_nearest_asymmetric_floor_x2"] = _ => Resize([1, 2, 3, 4], scales: [1, 1, 2, 2], attributes: n => n.With("coordinate_transformation_mode", "asymmetric").With("nearest_mode", "floor")),
        ["resize_nearest_half_pixel_prefer_floor_x1_5"] = _ => Resize([1, 2, 4, 6], scales: [1, 1, 1.5f, 0.5f], attributes: n => n),
        ["resize_nearest_prefer_ceil_shrink"] = _ => Resize([1, 1, 8, 6], scales: [1, 1, 0.75f, 0.5f], attributes: n => n.With("nearest_mode", "round_prefer_ceil")),
        ["resize_nearest_ceil_align_corners"] = _ => Resize([1, 1, 4, 5], sizes: [1, 1, 7, 9], attributes: n => n.With("nearest_mode", "ceil").With("coordinate_transformation_mode", "align_corners")),
        ["resize_nearest_ceil_tf_half_pixel_for_nn_shifts_unscaled_axes"] = _ => Resize([2, 3, 4, 4], scales: [1, 1, 2, 0.5f], attributes: n => n.With("nearest_mode", "ceil").With("coordinate_transformation_mode", "tf_half_pixel_for_nn")),
        ["resize_nearest_tf_half_pixel_for_nn"] = _ => Resize([1, 1, 4, 4], scales: [1, 1, 2.5f, 0.75f], attributes: n => n.With("coordinate_transformation_mode", "tf_half_pixel_for_nn")),
        ["resize_linear_half_pixel_x2"] = _ => Resize([2, 2, 3, 4], scales: [1, 1, 2, 2], attributes: n => n.With("mode", "linear")),
        ["resize_linear_pytorch_half_pixel_sizes"] = _ => Resize([1, 2, 4, 6], sizes: [1, 2, 1, 9], attributes: n => n.With("mode", "linear").With("coordinate_transformation_mode", "pytorch_half_pixel")),
        ["resize_linear_align_corners_shrink"] = _ => Resize([1, 1, 8, 9], sizes: [1, 1, 5, 3], attributes: n => n.With("mode", "linear").With("coordinate_transformation_mode", "align_corners")),
        ["resize_linear_asymmetric_opset11"] = _ => Resize([1, 2, 3, 5], scales: [1, 1, 2, 0.5f], attributes: n => n.With("mode", "linear").With("coordinate_transformation_mode", "asymmetric"), opset: 11),
        ["resize_cubic_half_pixel"] = _ => Resize([1, 1, 4, 5], scales: [1, 1, 2, 1.5f], attributes: n => n.With("mode", "cubic")),
        ["resize_cubic_exclude_outside_a_half"] = _ => Resize([1, 1, 5, 4], scales: [1, 1, 0.5f, 2.5f], attributes: n => n.With("mode", "cubic").With("exclude_outside", 1L).With("cubic_coeff_a", -0.5f)),
        ["resize_axes_opset18"] = _ => Resize([1, 2, 4, 3], scales: [2, 1.5f], attributes: n => n.With("mode", "linear").With("axes", [3L, -2]), opset: 18),
        ["resize_keep_aspect_not_larger_opset18"] = _ => Resize([1, 1, 4, 6], sizes: [6, 12], attributes: n => n.With("mode", "linear").With("axes", [2L, 3]).With("keep_aspect_ratio_policy", "not_larger"), opset: 18),
        ["resize_half_pixel_symmetric_opset19"] = _ => Resize([1, 1, 4, 6], scales: [1, 1, 1.25f, 0.75f], attributes: n => n.With("mode", "linear").With("coordinate_transformation_mode", "half_pixel_symmetric"), opset: 19),

        // Rearrangements.
        ["gather_elements_axis1"] = _ => GatherElements([2, 4, 3], [2, 3, 3], 1),
        ["gather_elements_last_axis_negative"] = _ => GatherElements([3, 4], [2, 5], -1),
        ["tile"] = _ => WithInts("Tile", [2, 3, 1], [2, 1, 3]),
        ["depth_to_space_dcr"] = _ => Unary("DepthToSpace", [1, 8, 2, 3], n => n.With("blocksize", 2L)),
        ["depth_to_space_crd"] = _ => Unary("DepthToSpace", [2, 8, 2, 3], n => n.With("blocksize", 2L).With("mode", "CRD")),
        ["space_to_depth"] = _ => Unary("SpaceToDepth", [2, 2, 4, 6], n => n.With("blocksize", 2L)),

        // Shapes, indices, casts.
        ["shape_gather_cast"] = _ => ShapeGatherCast(),
        ["gather_negative_indices"] = _ => GatherFloat(),
        ["constant_of_shape"] = _ => ConstantOfShape(),
        ["size"] = _ => Size(),
        ["constant_node"] = _ => ConstantNode(),
        ["dropout_identity"] = _ => Chain([2, 3], ("Dropout", null), ("Identity", null)),
    };

    /// <summary>Every case name.</summary>
    public static IEnumerable<string> Names => All.Keys;

    /// <summary>Builds case <paramref name="name"/> with weights drawn from <paramref name="rng"/>.</summary>
    public static OnnxModel Build(string name, Random rng) => All[name](rng);

    private static string Weight(GraphBuilder b, Random rng, string name, long[] dims) =>
        b.Weight(name, TestModels.RandomNormal(rng, dims.Aggregate(1L, (p, d) => p * d)), dims);

    private static OnnxModel Conv(Random rng, long[] x, long[] w, Func<Node, Node> attributes, bool bias = false, string op = "Conv")
    {
        var b = new GraphBuilder();
        var inputs = new List<string> { b.Input("x", x.Select(Dim.Of).ToArray()), Weight(b, rng, "w", w) };
        // A ConvTranspose's weights are [C, M/group, k...]: its bias has M = w[1]·group entries.
        if (bias) inputs.Add(Weight(b, rng, "b", [op == "Conv" ? w[0] : w[1]]));
        b.Output(attributes(b.Node(op, inputs.ToArray(), "y")).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Gemm(Random rng, long[] a, long[] bDims, long[]? c, Func<Node, Node> attributes)
    {
        var b = new GraphBuilder();
        var inputs = new List<string> { b.Input("a", a.Select(Dim.Of).ToArray()), Weight(b, rng, "b", bDims) };
        if (c is not null) inputs.Add(b.Input("c", c.Select(Dim.Of).ToArray()));
        b.Output(attributes(b.Node("Gemm", inputs.ToArray(), "y")).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Unary(string op, long[] x, Func<Node, Node> attributes, long opset = 17)
    {
        var b = new GraphBuilder(opset);
        b.Output(attributes(b.Node(op, [b.Input("x", x.Select(Dim.Of).ToArray())], "y")).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Binary(string op, long[] a, long[] c) => Variadic(op, a, c);

    private static OnnxModel Variadic(string op, params long[][] shapes) => Variadic(op, shapes[0], shapes[1], shapes.Length > 2 ? shapes[2] : null, n => n);

    private static OnnxModel Variadic(string op, long[] a, long[] c, long[]? d, Func<Node, Node> attributes)
    {
        var b = new GraphBuilder();
        var shapes = d is null ? new[] { a, c } : [a, c, d];
        var inputs = shapes.Select((s, i) => b.Input($"x{i}", s.Select(Dim.Of).ToArray())).ToArray();
        b.Output(attributes(b.Node(op, inputs, "y")).Outputs[0]);
        return b.Build();
    }

    /// <summary>x through each op in turn; an op with a shape takes a second input of that shape.</summary>
    private static OnnxModel Chain(long[] x, params (string Op, long[]? Second)[] ops)
    {
        var b = new GraphBuilder();
        var value = b.Input("x", x.Select(Dim.Of).ToArray());
        for (int i = 0; i < ops.Length; i++)
        {
            var inputs = ops[i].Second is { } s ? new[] { value, b.Input($"in{i}", s.Select(Dim.Of).ToArray()) } : [value];
            value = b.Node(ops[i].Op, inputs, $"v{i}").Outputs[0];
        }
        b.Output(value);
        return b.Build();
    }

    private static OnnxModel Clip(float? min, float max)
    {
        var b = new GraphBuilder();
        var lo = min is { } m ? b.Initializer("lo", ConstTensor.Scalar(m)) : "";
        b.Output(b.Node("Clip", [b.Input("x", 3, 4), lo, b.Initializer("hi", ConstTensor.Scalar(max))], "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel WhereGreaterEqual()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 3, 4);
        var zero = b.Initializer("zero", ConstTensor.Scalar(0f));
        var positive = b.Node("Greater", [x, zero], "positive").Outputs[0];
        var scaled = b.Node("Mul", [x, b.Initializer("slope", ConstTensor.Scalar(0.1f))], "scaled").Outputs[0];
        b.Output(b.Node("Where", [positive, x, scaled], "y").Outputs[0]);
        var same = b.Node("Equal", [x, x], "same").Outputs[0];
        b.Output(b.Node("Cast", [same], "same_float").With("to", (long)TensorElementType.Float).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel BatchNorm(Random rng)
    {
        var b = new GraphBuilder();
        var variance = b.Weight("var", TestModels.RandomNormal(rng, 3).Select(v => Math.Abs(v) + 0.1f).ToArray(), 3);
        b.Output(b.Node("BatchNormalization", [b.Input("x", 2, 3, 2, 2), Weight(b, rng, "scale", [3]), Weight(b, rng, "bias", [3]), Weight(b, rng, "mean", [3]), variance], "y")
            .With("epsilon", 1e-3f).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Normalization(Random rng, string op, long[] x, long[] scale, Func<Node, Node> attributes, long opset, bool bias = true, int outputs = 1)
    {
        var b = new GraphBuilder(opset);
        var inputs = new List<string> { b.Input("x", x.Select(Dim.Of).ToArray()), Weight(b, rng, "scale", scale) };
        if (bias) inputs.Add(Weight(b, rng, "bias", scale));
        var names = new[] { "y", "mean", "inv_std_dev" }[..outputs];
        attributes(b.Node(op, inputs.ToArray(), names, "norm"));
        foreach (var name in names) b.Output(name);
        return b.Build();
    }

    private static OnnxModel Einsum(string equation, params long[][] shapes)
    {
        var b = new GraphBuilder();
        var inputs = shapes.Select((s, i) => b.Input($"x{i}", s.Select(Dim.Of).ToArray())).ToArray();
        b.Output(b.Node("Einsum", inputs, "y").With("equation", equation).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Reduce(string op, long[] x, long[] axes, bool keepDims, long opset)
    {
        var b = new GraphBuilder(opset);
        var inputs = axes.Length == 0 ? new[] { b.Input("x", x.Select(Dim.Of).ToArray()) } : [b.Input("x", x.Select(Dim.Of).ToArray()), b.Ints("axes", axes)];
        b.Output(b.Node(op, inputs, "y").With("keepdims", keepDims ? 1L : 0L).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel WithInts(string op, long[] x, long[] ints)
    {
        var b = new GraphBuilder();
        b.Output(b.Node(op, [b.Input("x", x.Select(Dim.Of).ToArray()), b.Ints("ints", ints)], "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Split(long[] x, Func<Node, Node> attributes, long[]? sizes = null, int parts = 0, long opset = 17)
    {
        var b = new GraphBuilder(opset);
        int count = sizes?.Length ?? parts;
        var outputs = Enumerable.Range(0, count).Select(i => $"y{i}").ToArray();
        var inputs = sizes is null ? new[] { b.Input("x", x.Select(Dim.Of).ToArray()) } : [b.Input("x", x.Select(Dim.Of).ToArray()), b.Ints("split", sizes)];
        attributes(b.Node("Split", inputs, outputs, "split"));
        foreach (var o in outputs) b.Output(o);
        return b.Build();
    }

    private static OnnxModel Slice(long[] x, long[] starts, long[] ends, long[]? axes, long[]? steps)
    {
        var b = new GraphBuilder();
        var inputs = new List<string> { b.Input("x", x.Select(Dim.Of).ToArray()), b.Ints("starts", starts), b.Ints("ends", ends) };
        inputs.Add(axes is null ? "" : b.Ints("axes", axes));
        if (steps is not null) inputs.Add(b.Ints("steps", steps));
        b.Output(b.Node("Slice", inputs.ToArray(), "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Pad(long[] x, long[] pads, string mode, float? value)
    {
        var b = new GraphBuilder();
        var inputs = new List<string> { b.Input("x", x.Select(Dim.Of).ToArray()), b.Ints("pads", pads) };
        if (value is { } v) inputs.Add(b.Initializer("value", ConstTensor.Scalar(v)));
        b.Output(b.Node("Pad", inputs.ToArray(), "y").With("mode", mode).Outputs[0]);
        return b.Build();
    }

    /// <summary>Resize of x by constant scales or sizes (opset 11+ inputs: X, roi, scales, sizes).</summary>
    private static OnnxModel Resize(long[] x, float[]? scales = null, long[]? sizes = null, Func<Node, Node>? attributes = null, long opset = 13)
    {
        var b = new GraphBuilder(opset);
        var input = b.Input("x", x.Select(Dim.Of).ToArray());
        // Opset 11 requires the roi input even where it is unused: an empty tensor.
        var roi = opset == 11 ? b.Weight("roi", [], 0) : "";
        string[] inputs = scales is not null ? [input, roi, b.Weight("scales", scales, scales.Length)] : [input, roi, "", b.Ints("sizes", sizes!)];
        b.Output((attributes ?? (n => n))(b.Node("Resize", inputs, "y")).Outputs[0]);
        return b.Build();
    }

    /// <summary>GatherElements with seeded constant indices in range, some negative.</summary>
    private static OnnxModel GatherElements(long[] x, long[] indexShape, long axis)
    {
        var rng = new Random(17);
        long size = x[(int)(axis < 0 ? axis + x.Length : axis)];
        var values = Enumerable.Range(0, (int)indexShape.Aggregate(1L, (a, d) => a * d)).Select(_ => rng.NextInt64(-size, size)).ToArray();
        var b = new GraphBuilder();
        var indices = b.Initializer("indices", ConstTensor.FromInt64s(values, indexShape));
        b.Output(b.Node("GatherElements", [b.Input("x", x.Select(Dim.Of).ToArray()), indices], "y").With("axis", axis).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel ShapeGatherCast()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3, 4);
        var shape = b.Node("Shape", [x], "shape").Outputs[0];
        var dim = b.Node("Gather", [shape, b.Initializer("index", ConstTensor.FromInt64s([-1]))], "dim").Outputs[0];
        var size = b.Node("Cast", [dim], "size").With("to", (long)TensorElementType.Float).Outputs[0];
        var half = b.Node("Div", [dim, b.Initializer("two", ConstTensor.FromInt64s([3]))], "third").Outputs[0];
        var halfFloat = b.Node("Cast", [half], "third_float").With("to", (long)TensorElementType.Float).Outputs[0];
        var scaled = b.Node("Mul", [x, size], "scaled").Outputs[0];
        b.Output(b.Node("Add", [scaled, halfFloat], "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel GatherFloat()
    {
        var b = new GraphBuilder();
        var indices = b.Initializer("indices", ConstTensor.FromInt64s([2, -1, 0, 2, -3, 1], 2, 3));
        b.Output(b.Node("Gather", [b.Input("x", 3, 4, 2), indices], "y").With("axis", 1L).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel ConstantOfShape()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3);
        var shape = b.Node("Shape", [x], "shape").Outputs[0];
        var fill = b.Node("ConstantOfShape", [shape], "fill").With("value", NodeAttribute.Of(ConstTensor.FromFloats([2.5f], 1))).Outputs[0];
        b.Output(b.Node("Add", [x, fill], "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Logic()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 3, 4);
        var y = b.Input("y", 4);
        var less = b.Node("Less", [x, y], "less").Outputs[0];
        var atLeast = b.Node("GreaterOrEqual", [x, b.Initializer("zero", ConstTensor.Scalar(0f))], "at_least").Outputs[0];
        var atMost = b.Node("LessOrEqual", [y, b.Initializer("half", ConstTensor.Scalar(0.5f))], "at_most").Outputs[0];
        var both = b.Node("And", [less, atLeast], "both").Outputs[0];
        var either = b.Node("Or", [both, atMost], "either").Outputs[0];
        var neither = b.Node("Not", [either], "neither").Outputs[0];
        b.Output(b.Node("Cast", [neither], "result").With("to", (long)TensorElementType.Float).Outputs[0]);
        return b.Build();
    }

    private static OnnxModel Size()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3);
        var size = b.Node("Size", [x], "size").Outputs[0];
        var sizeFloat = b.Node("Cast", [size], "size_float").With("to", (long)TensorElementType.Float).Outputs[0];
        b.Output(b.Node("Mul", [x, sizeFloat], "y").Outputs[0]);
        return b.Build();
    }

    private static OnnxModel ConstantNode()
    {
        var b = new GraphBuilder();
        var c = b.Node("Constant", [], "c").With("value", NodeAttribute.Of(ConstTensor.FromFloats([1f, -2f, 3f], 3))).Outputs[0];
        b.Output(b.Node("Mul", [b.Input("x", 2, 3), c], "y").Outputs[0]);
        return b.Build();
    }
}
