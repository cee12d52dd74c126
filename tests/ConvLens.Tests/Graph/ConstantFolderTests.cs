using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// <see cref="ConstantFolder"/> against ONNX Runtime: every folded value must equal, bit for bit, what the
/// runtime computes for the node it replaces (the folder evaluates the same integer and float32 operations).
/// </summary>
public class ConstantFolderTests
{
    private const int Seed = 777;

    [Fact]
    public void Flatten_shape_chain_with_a_fixed_batch_folds_to_one_constant_shape()
    {
        var model = FlattenChain(Dim.Of(2));
        var x = TestTensors.Normal(new Random(Seed), 2, 4, 3, 3);
        var before = OrtTestRunner.Run(model, ("x", x))["y"];

        var folded = model.Clone();
        ConstantFolder.Fold(folded);

        Assert.Equal(["Relu", "Reshape", "Gemm"], folded.Graph.Nodes.Select(n => n.OpType));
        var reshape = folded.Graph.Nodes.Single(n => n.OpType == "Reshape");
        Assert.Equal([2L, -1], folded.Graph.Initializers[reshape.Inputs[1]].ToInt64s());
        // The index and the -1 only fed folded nodes: nothing is left that no node reads.
        Assert.Equal(new[] { "b", "target", "w" }, folded.Graph.Initializers.Keys.Order());
        AssertEveryInitializerIsRead(folded.Graph);
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(folded, ("x", x))["y"], $"classifier output (seed {Seed})");
    }

    [Fact]
    public void Flatten_shape_chain_with_a_symbolic_batch_folds_to_a_target_that_copies_the_batch()
    {
        var model = FlattenChain(Dim.Sym("N"));
        var folded = model.Clone();
        ConstantFolder.Fold(folded);

        Assert.Equal(["Relu", "Reshape", "Gemm"], folded.Graph.Nodes.Select(n => n.OpType));
        var reshape = folded.Graph.Nodes.Single(n => n.OpType == "Reshape");
        Assert.Equal([0L, -1], folded.Graph.Initializers[reshape.Inputs[1]].ToInt64s());
        AssertEveryInitializerIsRead(folded.Graph);
        foreach (int batch in new[] { 1, 3 })
        {
            var x = TestTensors.Normal(new Random(Seed), batch, 4, 3, 3);
            TestTensors.AssertBitEqual(OrtTestRunner.Run(model, ("x", x))["y"], OrtTestRunner.Run(folded, ("x", x))["y"],
                $"batch {batch} (seed {Seed})");
        }
    }

    [Fact]
    public void Opset_9_export_folds_after_normalising_and_inferring_shapes()
    {
        var b = new GraphBuilder(opset: 9);
        var x = b.Input("x", 2, 4, 3, 3);
        b.Node("Shape", [x], "shape");
        b.Node("Gather", ["shape", b.Initializer("zero", ConstTensor.FromInt64s([0]))], "batch");
        b.Node("Unsqueeze", ["batch"], "batch1").With("axes", [0L]);
        b.Node("Concat", ["batch1", b.Ints("minus_one", -1)], "target").With("axis", 0L);
        b.Node("Reshape", [x, "target"], "y");
        b.Output("y");
        var model = b.Build();
        var input = TestTensors.Normal(new Random(Seed), 2, 4, 3, 3);
        var before = OrtTestRunner.Run(model, ("x", input))["y"];

        OpsetNormalizer.Normalize(model);
        ShapeInference.Infer(model);
        ConstantFolder.Fold(model);

        Assert.Equal("Reshape", model.Graph.Nodes.Single().OpType);
        Assert.Equal([2L, -1], model.Graph.Initializers["target"].ToInt64s());
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(model, ("x", input))["y"], $"flattened input (seed {Seed})");
    }

    [Fact]
    public void Shape_of_a_value_of_unknown_rank_is_not_folded_to_an_empty_shape()
    {
        // A channel shuffle exported with a dynamic batch: a Reshape to a computed shape, whose Shape is read again.
        var model = ShapeInferenceTests.ComputedReshape();
        model.Graph.Nodes.Add(new Node("Shape", ["y"], ["shape_y"], "shape_y"));
        model.Graph.Nodes.Add(new Node("Gather", ["shape_y", "zero"], ["batch_y"], "batch_y").With("axis", 0L));
        model.Graph.Nodes.Add(new Node("Unsqueeze", ["batch_y", "axes0"], ["batch_y1"], "batch_y1"));
        model.Graph.Initializers["minus_one"] = ConstTensor.Vector(-1);
        model.Graph.Nodes.Add(new Node("Concat", ["batch_y1", "minus_one"], ["flat_target"], "flat_target").With("axis", 0L));
        model.Graph.Nodes.Add(new Node("Reshape", ["r", "flat_target"], ["flat"], "flat"));
        model.Graph.Outputs[0] = new ValueInfo("flat", TensorElementType.Float, null);
        ShapeInference.Infer(model);
        var x = TestTensors.Normal(new Random(Seed), 3, 4, 2, 2);
        var before = OrtTestRunner.Run(model, ("x", x))["flat"];

        ConstantFolder.Fold(model);

        Assert.Contains(model.Graph.Nodes, n => n.Name == "shape_y");
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(model, ("x", x))["flat"], $"flattened output (seed {Seed})");
    }

    [Fact]
    public void Slice_whose_bounds_fold_gets_a_static_shape_and_its_own_shape_arithmetic_folds_too()
    {
        // An exported chunk(2, dim=1) then a flatten of the first half: the flatten's Shape is only static once the Slice's end is.
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", 2, 4, 3, 3);
        b.Node("Shape", [x], "shape");
        b.Node("Gather", ["shape", b.Ints("one", 1)], "channels").With("axis", 0L);
        b.Node("Div", ["channels", b.Ints("two", 2)], "half");
        b.Node("Slice", [x, b.Ints("start", 0), "half", "one"], "first");
        b.Node("Shape", ["first"], "shape_first");
        b.Node("Gather", ["shape_first", b.Ints("zero", 0)], "batch");
        b.Node("Concat", ["batch", b.Ints("minus_one", -1)], "target").With("axis", 0L);
        b.Node("Reshape", ["first", "target"], "y");
        b.Output("y");
        var model = b.Build();
        var input = TestTensors.Normal(new Random(Seed), 2, 4, 3, 3);
        var before = OrtTestRunner.Run(model, ("x", input))["y"];

        ConstantFolder.Fold(model);

        Assert.Equal(["Slice", "Reshape"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal(new TensorShape([Dim.Of(2), Dim.Of(2), Dim.Of(3), Dim.Of(3)]), model.Graph.ShapeOf("first"));
        Assert.Equal([2L, -1], model.Graph.Initializers["target"].ToInt64s());
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(model, ("x", input))["y"], $"flattened half (seed {Seed})");
    }

    [Fact]
    public void Channel_shuffle_with_a_symbolic_batch_gets_constant_targets_that_copy_the_batch()
    {
        // ShuffleNetV2's channel shuffle exported with a dynamic batch: view(N, 2, C/2, H, W), transpose, view(N, -1, H, W).
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", Dim.Sym("N"), 4, 2, 3);
        b.Node("Shape", [x], "shape");
        string Dimension(int axis)
        {
            b.Node("Gather", ["shape", b.Initializer($"axis{axis}", ConstTensor.FromInt64s([axis]))], $"d{axis}").With("axis", 0L);
            return b.Node("Unsqueeze", [$"d{axis}", b.Ints($"unsqueeze{axis}", 0)], $"d{axis}_1").Outputs[0];
        }
        string batch = Dimension(0), height = Dimension(2), width = Dimension(3);
        b.Node("Div", ["d1_source", b.Ints("two_groups", 2)], "per_group");
        b.Node("Gather", ["shape", b.Ints("channel_axis", 1)], "d1_source").With("axis", 0L);
        b.Node("Concat", [batch, b.Ints("groups", 2), "per_group", height, width], "grouped_shape").With("axis", 0L);
        b.Node("Reshape", [x, "grouped_shape"], "grouped");
        b.Node("Transpose", ["grouped"], "shuffled").With("perm", [0L, 2, 1, 3, 4]);
        b.Node("Concat", [batch, b.Ints("minus_one", -1), height, width], "flat_shape").With("axis", 0L);
        b.Node("Reshape", ["shuffled", "flat_shape"], "y");
        b.Output("y");
        var model = b.Build();
        var folded = model.Clone();

        ConstantFolder.Fold(folded);

        Assert.Equal(["Reshape", "Transpose", "Reshape"], folded.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal([0L, 2, 2, 2, 3], folded.Graph.Initializers[folded.Graph.Nodes[0].Inputs[1]].ToInt64s());
        Assert.Equal([0L, -1, 2, 3], folded.Graph.Initializers[folded.Graph.Nodes[2].Inputs[1]].ToInt64s());
        Assert.Equal(new TensorShape([Dim.Sym("N"), Dim.Of(4), Dim.Of(2), Dim.Of(3)]), folded.Graph.ShapeOf("y"));
        AssertEveryInitializerIsRead(folded.Graph);
        foreach (int n in new[] { 1, 3 })
        {
            var input = TestTensors.Normal(new Random(Seed), n, 4, 2, 3);
            TestTensors.AssertBitEqual(OrtTestRunner.Run(model, ("x", input))["y"], OrtTestRunner.Run(folded, ("x", input))["y"], $"batch {n} (seed {Seed})");
        }
    }

    public static TheoryData<string> Cases =>
    [
        "Shape", "ShapeSlice", "Size", "GatherInt64", "GatherInt32", "Unsqueeze", "Squeeze", "SqueezeAll", "Concat",
        "Reshape", "ReshapeCopiesZero", "CastToFloat", "CastToInt32", "CastToBool", "CastToHalf", "Slice", "SliceBackwards",
        "AddBroadcast", "SubInt32", "MulInt64", "DivTruncates", "DivFloat", "ConstantOfShape", "ConstantOfShapeDefault",
        "RangeDown", "RangeInt32", "Equal", "Where", "Expand", "Identity", "Chain",
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Folded_value_equals_what_the_runtime_computes(string name)
    {
        var b = new GraphBuilder(opset: 17);
        b.Input("x", 2, 3, 5);
        string value = BuildCase(b, name);
        b.Node("Identity", [value], "out");
        b.Output("out");
        var model = b.Build();
        var x = TestTensors.Normal(new Random(Seed), 2, 3, 5);
        var expected = OrtTestRunner.Run(model, ("x", x))["out"];

        ConstantFolder.Fold(model);

        Assert.True(model.Graph.Initializers.TryGetValue(value, out var folded), $"{name}: '{value}' was not folded");
        Assert.DoesNotContain(model.Graph.Nodes, n => n.Outputs.Contains(value));
        Assert.Equal("Identity", model.Graph.Nodes.Single().OpType); // the graph output's node stays
        TestTensors.AssertBitEqual(expected, folded, name);
        AssertEveryInitializerIsRead(model.Graph);
    }

    [Fact]
    public void Arithmetic_on_large_float_weights_is_not_folded()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 1, 100);
        var w = b.Weight("w", new float[100 * 100], 100, 100);
        b.Node("Mul", [w, b.Weight("two", [2f])], "w2");
        b.Node("MatMul", [x, "w2"], "y");
        b.Output("y");
        var model = b.Build();

        ConstantFolder.Fold(model);
        Assert.Equal(["Mul", "MatMul"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.False(model.Graph.Initializers.ContainsKey("w2"));
    }

    [Fact]
    public void Graph_outputs_and_nodes_unused_before_folding_are_kept()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3);
        b.Node("Shape", [x], "shape");     // a graph output: stays a node
        b.Node("Relu", [x], "unused");     // read by nothing before folding: not the folder's business
        b.Node("Size", [x], "size_unused"); // foldable, but nothing reads it
        b.Output("shape");
        var model = b.Build();

        ConstantFolder.Fold(model);
        Assert.Equal(["Shape", "Relu", "Size"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.Empty(model.Graph.Initializers);
    }

    [Fact]
    public void Nodes_left_unused_by_folding_go_with_the_weights_only_they_read()
    {
        var b = new GraphBuilder();
        var x = b.Input("x", 2, 3);
        b.Node("Add", [x, b.Weight("bias", [1f, 2f, 3f], 3)], "shifted");
        b.Node("Shape", ["shifted"], "shape");
        b.Node("Reshape", [x, "shape"], "y");
        b.Node("Add", [x, "bias"], "z"); // bias is still read here after folding
        b.Output("y");
        b.Output("z");
        var model = b.Build();
        var x0 = TestTensors.Normal(new Random(Seed), 2, 3);
        var before = OrtTestRunner.Run(model, ("x", x0));

        ConstantFolder.Fold(model);
        Assert.Equal(["Reshape", "Add"], model.Graph.Nodes.Select(n => n.OpType));
        Assert.Equal(["bias", "shape"], model.Graph.Initializers.Keys.Order());
        var after = OrtTestRunner.Run(model, ("x", x0));
        foreach (var (name, expected) in before) TestTensors.AssertBitEqual(expected, after[name], $"'{name}' (seed {Seed})");
    }

    /// <summary>
    /// PyTorch's flatten before a classifier: <c>Reshape(r, Concat(Unsqueeze(Gather(Shape(r), 0)), [-1]))</c>,
    /// then a Gemm.
    /// </summary>
    private static OnnxModel FlattenChain(Dim batch)
    {
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", batch, 4, 3, 3);
        b.Node("Relu", [x], "r");
        b.Node("Shape", ["r"], "shape");
        b.Node("Gather", ["shape", b.Initializer("zero", ConstTensor.FromInt64s([0]))], "batch").With("axis", 0L);
        b.Node("Unsqueeze", ["batch", b.Ints("axes0", 0)], "batch1");
        b.Node("Concat", ["batch1", b.Ints("minus_one", -1)], "target").With("axis", 0L);
        b.Node("Reshape", ["r", "target"], "flat");
        var rng = new Random(Seed);
        b.Node("Gemm", ["flat", b.Initializer("w", TestTensors.Normal(rng, 5, 36)), b.Initializer("b", TestTensors.Normal(rng, 5))], "y")
            .With("transB", 1L);
        b.Output("y");
        return b.Build();
    }

    private static string BuildCase(GraphBuilder b, string name)
    {
        ConstTensor I32(int[] v, params long[] dims) => new(TensorElementType.Int32, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()).ToArray());
        string L(string n, long[] v, params long[] dims) => b.Initializer(n, ConstTensor.FromInt64s(v, dims));
        string Node(string op, string[] inputs) => b.Node(op, inputs, "v").Outputs[0];
        switch (name)
        {
            case "Shape": return Node("Shape", ["x"]);
            case "ShapeSlice": return b.Node("Shape", ["x"], "v").With("start", 1L).With("end", -1L).Outputs[0];
            case "Size": return Node("Size", ["x"]);
            case "GatherInt64":
                return b.Node("Gather", [L("d", [1, 2, 3, 4, 5, 6], 2, 3), L("i", [2, 0, -1, 1], 2, 2)], "v").With("axis", 1L).Outputs[0];
            case "GatherInt32":
                return Node("Gather", [b.Initializer("d", I32([7, 8, 9, 10], 2, 2)), L("i", [1])]);
            case "Unsqueeze": return Node("Unsqueeze", [L("d", [4, 5, 6], 3), L("a", [0, -1], 2)]);
            case "Squeeze": return Node("Squeeze", [L("d", [4, 5, 6], 1, 3, 1), L("a", [0], 1)]);
            case "SqueezeAll": return Node("Squeeze", [L("d", [4, 5, 6], 1, 3, 1)]);
            case "Concat":
                return b.Node("Concat", [L("a", [1, 2], 2, 1), L("c", [3, 4, 5, 6], 2, 2)], "v").With("axis", -1L).Outputs[0];
            case "Reshape": return Node("Reshape", [L("d", [1, 2, 3, 4, 5, 6], 2, 3), L("s", [3, -1], 2)]);
            case "ReshapeCopiesZero": return Node("Reshape", [L("d", [1, 2, 3, 4, 5, 6], 2, 3), L("s", [0, -1, 1], 3)]);
            case "CastToFloat": return b.Node("Cast", [L("d", [-3, 16777217, 5], 3)], "v").With("to", (long)TensorElementType.Float).Outputs[0];
            case "CastToInt32":
                return b.Node("Cast", [b.Weight("d", [-2.7f, 2.7f, 0.5f, -0.5f], 4)], "v").With("to", (long)TensorElementType.Int32).Outputs[0];
            case "CastToBool": return b.Node("Cast", [L("d", [0, 3, -1], 3)], "v").With("to", (long)TensorElementType.Bool).Outputs[0];
            case "CastToHalf":
                return b.Node("Cast", [b.Weight("d", [0.1f, 65519f, 1e-8f], 3)], "v").With("to", (long)TensorElementType.Float16).Outputs[0];
            case "Slice":
                return Node("Slice", [L("d", Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), 4, 5), L("s", [1, -4], 2), L("e", [100, 4], 2), L("a", [0, 1], 2)]);
            case "SliceBackwards":
                return Node("Slice", [L("d", Enumerable.Range(0, 20).Select(i => (long)i).ToArray(), 4, 5), L("s", [-1, 10], 2), L("e", [-100, 0], 2),
                    L("a", [1, 0], 2), L("st", [-2, -1], 2)]);
            case "AddBroadcast": return Node("Add", [L("a", [1, 2, 3, 4, 5, 6], 2, 3), L("c", [10, 20, 30], 3)]);
            case "SubInt32": return Node("Sub", [b.Initializer("a", I32([1, int.MinValue], 2)), b.Initializer("c", I32([5], 1))]);
            case "MulInt64": return Node("Mul", [L("a", [3, -4], 2), L("c", [long.MaxValue / 2], 1)]);
            case "DivTruncates": return Node("Div", [L("a", [7, -7, 6, -1], 4), L("c", [2, 2, -4, 3], 4)]);
            case "DivFloat": return Node("Div", [b.Weight("a", [0.1f, 1f, -7f], 3), b.Weight("c", [3f], 1)]);
            case "ConstantOfShape":
                return b.Node("ConstantOfShape", [L("s", [2, 3], 2)], "v").With("value", NodeAttribute.Of(ConstTensor.FromInt64s([7], 1))).Outputs[0];
            case "ConstantOfShapeDefault": return Node("ConstantOfShape", [L("s", [4], 1)]);
            case "RangeDown": return Node("Range", [L("s", [10]), L("l", [1]), L("d", [-3])]);
            case "RangeInt32": return Node("Range", [b.Initializer("s", I32([0])), b.Initializer("l", I32([5])), b.Initializer("d", I32([2]))]);
            case "Equal": return Node("Equal", [L("a", [1, 2, 3, 2], 4), L("c", [2])]);
            case "Where":
                return Node("Where", [b.Initializer("cond", TensorValues.FromLongs(TensorElementType.Bool, [3], [1, 0, 1])),
                    L("a", [1, 2, 3, 4, 5, 6], 2, 3), L("c", [-1])]);
            case "Expand": return Node("Expand", [L("d", [1, 2, 3], 3, 1), L("s", [2, 1, 4], 3)]);
            case "Identity": return Node("Identity", [L("d", [9, 8], 2)]);
            case "Chain":
                // Shape → Slice → ConstantOfShape → Cast → Mul: each step folds once the one before has.
                b.Node("Shape", ["x"], "c_shape");
                b.Node("Slice", ["c_shape", L("c_s", [1], 1), L("c_e", [3], 1)], "c_hw");
                b.Node("ConstantOfShape", ["c_hw"], "c_ones").With("value", NodeAttribute.Of(ConstTensor.FromInt64s([1], 1)));
                b.Node("Cast", ["c_ones"], "c_f").With("to", (long)TensorElementType.Float);
                return Node("Mul", ["c_f", b.Weight("c_k", [0.5f], 1)]);
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [InlineData(11)] // split attribute
    [InlineData(13)] // split input
    [InlineData(18)] // num_outputs
    public void Split_of_a_constant_shape_folds_in_every_opset_form(int opset)
    {
        // Shape (2, 4, 3, 3) split into (2, 4) and (3, 3); the reshape target is (2, 4, -1).
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 2, 4, 3, 3);
        b.Node("Shape", [x], "shape");
        var split = opset switch
        {
            < 13 => b.Node("Split", ["shape"], ["lead", "rest"], "split").With("split", [2L, 2]),
            < 18 => b.Node("Split", ["shape", b.Ints("sizes", 2, 2)], ["lead", "rest"], "split"),
            _ => b.Node("Split", ["shape"], ["lead", "rest"], "split").With("num_outputs", 2L),
        };
        split.With("axis", 0L);
        b.Node("Concat", ["lead", b.Ints("minus_one", -1)], "target").With("axis", 0L);
        b.Node("Reshape", [x, "target"], "y");
        b.Output("y");
        var model = b.Build();
        var input = TestTensors.Normal(new Random(Seed), 2, 4, 3, 3);
        var before = OrtTestRunner.Run(model, ("x", input))["y"];

        var folded = model.Clone();
        ConstantFolder.Fold(folded);

        var reshape = folded.Graph.Nodes.Single();
        Assert.Equal("Reshape", reshape.OpType);
        Assert.Equal([2L, 4, -1], folded.Graph.Initializers[reshape.Inputs[1]].ToInt64s());
        AssertEveryInitializerIsRead(folded.Graph);
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(folded, ("x", input))["y"], $"opset {opset} reshape (seed {Seed})");
    }

    [Fact]
    public void Split_whose_sizes_do_not_add_up_is_left_for_the_runtime_to_report()
    {
        var node = new Node("Split", ["c", "sizes"], ["a", "z"], "split");
        var graph = new OnnxGraph();
        graph.Initializers["c"] = ConstTensor.Vector(1, 2, 3, 4);
        graph.Initializers["sizes"] = ConstTensor.Vector(1, 1);
        graph.Nodes.Add(node);
        graph.Nodes.Add(new Node("Concat", ["a", "z"], ["y"], "concat").With("axis", 0L));
        graph.Outputs.Add(new ValueInfo("y", TensorElementType.Int64, null));
        var model = new OnnxModel(graph, 13);

        ConstantFolder.Fold(model);
        Assert.Contains(model.Graph.Nodes, n => n.OpType == "Split");
    }

    [Theory]
    [InlineData(new long[] { 1, 0 })]
    [InlineData(null)] // no perm: the axes reversed
    public void Transpose_of_constants_folds_as_the_runtime_computes_it(long[]? perm)
    {
        // PyTorch's Pad export: pads reshaped to (2, 4), transposed and flattened.
        var b = new GraphBuilder(opset: 13);
        var x = b.Input("x", 1, 2, 3, 3);
        var transpose = b.Node("Transpose", [b.Initializer("pairs", ConstTensor.FromInt64s([0, 0, 2, 1, 0, 0, 1, 2], 2, 4))], "swapped");
        if (perm is not null) transpose.With("perm", perm);
        b.Node("Reshape", ["swapped", b.Ints("flat", -1)], "pads");
        b.Node("Pad", [x, "pads"], "y");
        b.Output("y");
        var model = b.Build();
        var input = TestTensors.Normal(new Random(Seed), 1, 2, 3, 3);
        var before = OrtTestRunner.Run(model, ("x", input))["y"];

        var folded = model.Clone();
        ConstantFolder.Fold(folded);

        var pad = folded.Graph.Nodes.Single();
        Assert.Equal([0L, 0, 0, 0, 2, 1, 1, 2], folded.Graph.Initializers[pad.Inputs[1]].ToInt64s());
        // Computed pads left the padded shape unknown; once they are constant, inference runs again and knows it.
        Assert.False(model.Graph.ShapeOf("y")!.IsFullyKnown);
        Assert.Equal(TensorShape.Of(3, 3, 4, 5), folded.Graph.ShapeOf("y"));
        TestTensors.AssertBitEqual(before, OrtTestRunner.Run(folded, ("x", input))["y"], $"padded output (seed {Seed})");
    }

    private static void AssertEveryInitializerIsRead(OnnxGraph graph)
    {
        var read = graph.Nodes.SelectMany(n => n.Inputs).ToHashSet();
        foreach (var name in graph.Initializers.Keys) Assert.True(read.Contains(name), $"initializer '{name}' is read by no node");
    }
}
