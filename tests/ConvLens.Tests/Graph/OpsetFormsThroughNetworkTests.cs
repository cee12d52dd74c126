using ConvLens.Graph;
using ConvLens.Runtime;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Models written in the operator forms of opsets 7 to 21 (parameters as attributes, as inputs, Pad with an
/// <c>axes</c> input, Split with <c>num_outputs</c>, Reduce* with axes as an input) go through the normal
/// loader (<see cref="Network.FromModel"/>: normalising, shape inference, folding, pruning) and give the
/// activations ONNX Runtime gives for the file as written, and an input gradient that matches float64
/// central differences of the model as written, evaluated by the reference evaluator.
/// </summary>
public class OpsetFormsThroughNetworkTests
{
    private const int Seed = 1818;

    /// <summary>
    /// The same kernels run on the same data, except that older Reduce* and Pad versions may sum in another
    /// order: 1e-5 of the largest value allows for float32 reordering and fails on any misread parameter.
    /// </summary>
    private const double ActivationTolerance = 1e-5;

    /// <summary>Central-difference step along a unit direction; inputs are O(1), so it stays off ReLU kinks.</summary>
    private const double Epsilon = 1e-5;

    /// <summary>
    /// Float32 gradient over a few layers against float64 differences: errors ~1e-6 of the typical directional
    /// derivative; 1e-3 leaves room for accumulation yet fails on a wrong rule or a misread axis (errors of O(1)).
    /// </summary>
    private const double GradientTolerance = 1e-3;

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    public void Pad_split_reduce_and_slice_forms_give_the_runtimes_activations_and_a_correct_input_gradient(int opset)
    {
        var model = PadSplitReduceModel(opset);
        using var network = Network.FromModel(model);
        Assert.Equal(Math.Max(opset, OpsetNormalizer.TargetOpset), network.Model.Opset);
        if (opset >= 18)
        {
            // Decision (b): the opset-18 forms stay as the exporter wrote them; the passes read them through OperatorForms.
            Assert.Equal(2, network.Model.Graph.Nodes.Single(n => n.OpType == "Split").Int("num_outputs", 0));
            Assert.Equal(4, network.Model.Graph.Nodes.Single(n => n.OpType == "Pad").Inputs.Count);
        }

        var x = TestTensors.Normal(new Random(Seed), 1, 3, 6, 6);
        var expected = OrtTestRunner.Run(WithOutputs(model, "y", "mean"), ("x", x));
        var input = new FloatTensor(x.ToFloats(), 1, 3, 6, 6);
        var actual = network.Activations(input, "y", "mean");
        foreach (var layer in new[] { "y", "mean" })
            TestTensors.AssertClose(expected[layer], ConstTensor.FromFloats(actual[layer].Data, actual[layer].Shape.Select(d => (long)d).ToArray()),
                ActivationTolerance, $"opset {opset}, '{layer}' (seed {Seed})");

        AssertInputGradientMatchesReference(network, model, "y", input);
    }

    [Theory]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    public void Resize_18_attributes_and_reductions_with_axes_inputs_run_as_the_runtime_runs_them(int opset)
    {
        var model = ResizeReduceModel(opset, fitAxes: [-2L, -1]);
        using var network = Network.FromModel(model);
        var x0 = TestTensors.Normal(new Random(Seed), 1, 3, 8, 8);
        // The runtime's kernel mishandles the negative axes (see ResizeAxesRewriter): the reference runs them counted from the start.
        var expected = OrtTestRunner.Run(ResizeReduceModel(opset, fitAxes: [2L, 3]), ("x", x0));
        var actual = network.Activations(new FloatTensor(x0.ToFloats(), 1, 3, 8, 8), "max", "l2", "lse");
        // Sizes 8 → 4 (scale ½) → 5 × 5: not_larger takes the smaller of 6/4 and 5/4 for both axes.
        Assert.Equal([1, 1, 5, 5], actual["max"].Shape);
        Assert.Equal([1, 3, 1, 1], actual["l2"].Shape);
        Assert.Equal([1, 3, 5, 5], actual["lse"].Shape); // no axes and noop_with_empty_axes: unchanged
        foreach (var (name, value) in actual)
            TestTensors.AssertClose(expected[name], ConstTensor.FromFloats(value.Data, value.Shape.Select(d => (long)d).ToArray()),
                ActivationTolerance, $"opset {opset}, '{name}' (seed {Seed})");
        // The prepared graph still holds the axes as inputs, and OperatorForms reads them there.
        var graph = network.Model.Graph;
        Node Reduce(string op) => graph.Nodes.Single(n => n.OpType == op);
        Assert.Equal([1], OperatorForms.ReduceAxes(Reduce("ReduceMax"), graph).Resolve(4, Reduce("ReduceMax"))!);
        Assert.Equal([2, 3], OperatorForms.ReduceAxes(Reduce("ReduceL2"), graph).Resolve(4, Reduce("ReduceL2"))!);
        Assert.True(OperatorForms.ReduceAxes(Reduce("ReduceLogSumExp"), graph).IsIdentity);
    }

    /// <summary>
    /// x → Resize-18 (antialiased, scales on axes 2, 3) → Resize-18 (sizes fitted not_larger on <paramref name="fitAxes"/>)
    /// → Gelu-20 (Relu before 20) → ReduceMax, ReduceL2 and ReduceLogSumExp with axes inputs.
    /// </summary>
    private static OnnxModel ResizeReduceModel(int opset, long[] fitAxes)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 1, 3, 8, 8);
        // Resize-18: antialiased downscaling over the listed axes only; keep_aspect_ratio_policy fits sizes.
        b.Node("Resize", [x, "", b.Weight("half", [0.5f, 0.5f], 2)], "small")
            .With("mode", "linear").With("antialias", 1L).With("axes", [2L, 3]);
        b.Node("Resize", ["small", "", "", b.Ints("fit", 6, 5)], "fitted")
            .With("mode", "nearest").With("axes", fitAxes).With("keep_aspect_ratio_policy", "not_larger");
        string act = opset >= 20 ? b.Node("Gelu", ["fitted"], "act").With("approximate", "tanh").Outputs[0] : b.Node("Relu", ["fitted"], "act").Outputs[0];
        b.Node("ReduceMax", [act, b.Ints("channel", 1)], "max");
        b.Node("ReduceL2", [act, b.Ints("space", -1, -2)], "l2");
        b.Node("ReduceLogSumExp", [act, b.Ints("none")], "lse").With("noop_with_empty_axes", 1L);
        foreach (var o in new[] { "max", "l2", "lse" }) b.Output(o);
        return b.Build();
    }

    [Theory]
    [InlineData(6)]
    [InlineData(22)]
    public void The_loader_refuses_opsets_outside_7_to_21_naming_the_range(int opset)
    {
        var graph = new OnnxGraph();
        graph.Inputs.Add(new ValueInfo("x", TensorElementType.Float, TensorShape.Of(1, 3, 4, 4)));
        graph.Nodes.Add(new Node("Relu", ["x"], ["y"], "relu"));
        graph.Outputs.Add(new ValueInfo("y", TensorElementType.Float, null));
        var model = new OnnxModel(graph, opset) { Source = "future.onnx", IrVersion = 10 };

        var e = Assert.Throws<ConvLensException>(() => Network.FromModel(model));
        Assert.Contains("'future.onnx'", e.Message);
        Assert.Contains($"opset {opset}", e.Message);
        Assert.Contains("7–21", e.Message);
    }

    /// <summary>
    /// x → Conv → Relu → Pad (spatial) → Split channels 3 + 2 → ReduceMean and ReduceSum over channels → Mul
    /// → Slice, each parameter in the form <paramref name="opset"/> defines.
    /// </summary>
    internal static OnnxModel PadSplitReduceModel(int opset)
    {
        var rng = new Random(Seed);
        var b = new GraphBuilder(opset);
        var x = b.Input("x", 1, 3, 6, 6);
        b.Node("Conv", [x, b.Weight("w", TestTensors.Normal(rng, 5, 3, 3, 3).ToFloats(), 5, 3, 3, 3)], "conv").With("pads", [1L, 1, 1, 1]);
        b.Node("Relu", ["conv"], "relu");
        // Pad 1 and 2 before, 2 and 1 after the spatial axes: (1, 5, 9, 9).
        _ = opset switch
        {
            < 11 => b.Node("Pad", ["relu"], "padded").With("pads", [0L, 0, 1, 2, 0, 0, 2, 1]),
            < 18 => b.Node("Pad", ["relu", b.Ints("pads", 0, 0, 1, 2, 0, 0, 2, 1)], "padded"),
            _ => b.Node("Pad", ["relu", b.Ints("pads", 1, 2, 2, 1), "", b.Ints("pad_axes", 2, -1)], "padded"),
        };
        var split = opset switch
        {
            < 13 => b.Node("Split", ["padded"], ["first", "second"], "split").With("split", [3L, 2]),
            < 18 => b.Node("Split", ["padded", b.Ints("sizes", 3, 2)], ["first", "second"], "split"),
            _ => b.Node("Split", ["padded"], ["first", "second"], "split").With("num_outputs", 2L), // ceil(5 / 2) = 3, then 2
        };
        split.With("axis", 1L);
        var mean = opset < 18 ? b.Node("ReduceMean", ["first"], "mean").With("axes", [1L]) : b.Node("ReduceMean", ["first", b.Ints("mean_axes", 1)], "mean");
        var sum = opset < 13 ? b.Node("ReduceSum", ["second"], "sum").With("axes", [-3L]) : b.Node("ReduceSum", ["second", b.Ints("sum_axes", -3)], "sum");
        mean.With("keepdims", 1L);
        sum.With("keepdims", 1L);
        b.Node("Mul", ["mean", "sum"], "product");
        _ = opset < 10
            ? b.Node("Slice", ["product"], "y").With("starts", [1L, 0]).With("ends", [8L, 1000]).With("axes", [2L, 3])
            : b.Node("Slice", ["product", b.Ints("starts", 1, 0), b.Ints("ends", 8, 1000), b.Ints("slice_axes", 2, 3)], "y");
        b.Output("y");
        return b.Build();
    }

    private static OnnxModel WithOutputs(OnnxModel model, params string[] outputs)
    {
        var copy = model.Clone();
        copy.Graph.Outputs.Clear();
        foreach (var o in outputs) copy.Graph.Outputs.Add(model.Graph.InfoOf(o)!);
        return copy;
    }

    /// <summary>
    /// The gradient of sum(dA · layer) w.r.t. the input, from <see cref="Network.Gradient"/>, along random unit
    /// directions against central differences of <paramref name="original"/> (the model as written) in float64.
    /// </summary>
    private static void AssertInputGradientMatchesReference(Network network, OnnxModel original, string layer, FloatTensor input)
    {
        var rng = new Random(Seed + 1);
        var shape = network.Layers.Resolve(layer).Shape!.ToLongs(1);
        var seed = TestTensors.Normal(rng, shape);
        var session = network.Gradient(GradientRequest.ForLayer(layer));
        var results = session.Run(input, new Dictionary<string, FloatTensor> { [layer] = new FloatTensor(seed.ToFloats(), shape.Select(d => (int)d).ToArray()) });
        var gradient = results[session.GradientOutputs[network.Input.Name]].Data;
        var dA = seed.ToFloats();

        var x = RefTensor.FromFloats(input.Data, input.Shape.Select(d => (long)d).ToArray());
        double Objective(double[] data)
        {
            var a = ReferenceEvaluator.Run(original, new Dictionary<string, RefTensor> { ["x"] = new RefTensor(x.Shape, data) }, [layer])[layer];
            return a.Data.Zip(dA).Sum(p => p.First * p.Second);
        }
        double gradientNorm = Math.Sqrt(gradient.Sum(g => (double)g * g));
        Assert.True(gradientNorm > 0, "the gradient must not vanish for this input");
        double scale = gradientNorm / Math.Sqrt(gradient.Length);
        for (int k = 0; k < 4; k++)
        {
            var direction = Enumerable.Range(0, x.Data.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double norm = Math.Sqrt(direction.Sum(d => d * d));
            var plus = x.Data.Select((v, i) => v + Epsilon * direction[i] / norm).ToArray();
            var minus = x.Data.Select((v, i) => v - Epsilon * direction[i] / norm).ToArray();
            double numeric = (Objective(plus) - Objective(minus)) / (2 * Epsilon);
            double analytic = gradient.Select((g, i) => g * direction[i] / norm).Sum();
            Assert.True(Math.Abs(analytic - numeric) <= GradientTolerance * Math.Max(Math.Abs(numeric), scale),
                $"opset {original.Opset}, direction {k} (seed {Seed + 1}): analytic {analytic:G9}, numeric {numeric:G9}, scale {scale:G3}");
        }
    }
}
