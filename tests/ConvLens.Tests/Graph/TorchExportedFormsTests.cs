using ConvLens.Circuits;
using ConvLens.Graph;
using ConvLens.Runtime;
using ConvLens.Tests.Reference;
using Xunit;

namespace ConvLens.Tests.Graph;

/// <summary>
/// Models written by PyTorch 1.13's exporter (Graph/Fixtures/export_torch_forms.py: Conv, F.pad, torch.split,
/// mean and sum over channels, slicing, cat) at opsets 9 to 17: each exporter form of Pad, Split and the
/// reductions loads through <see cref="Network.Load"/>, gives the activations plain ONNX Runtime gives for
/// the file, and an input gradient that matches float64 central differences of the file's own graph.
/// </summary>
public class TorchExportedFormsTests
{
    private const int Seed = 1913;

    /// <summary>Float32 kernels on the same data, possibly in another opset version: 1e-5 of the largest value.</summary>
    private const double ActivationTolerance = 1e-5;

    /// <summary>Central-difference step along a unit direction; inputs are O(1), so it stays off ReLU kinks.</summary>
    private const double Epsilon = 1e-5;

    /// <summary>Float32 gradient through two convolutions: 1e-3 of the typical directional derivative (a wrong rule is off by O(1)).</summary>
    private const double GradientTolerance = 1e-3;

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(17)]
    public void Exported_pad_split_and_reductions_run_and_differentiate_as_written(int opset)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Graph", "Fixtures", $"torch_forms_opset{opset}.onnx");
        var original = OnnxModelReader.ReadFile(path);
        Assert.Equal(opset, original.Opset);
        using var network = Network.Load(path);

        // The exporter computes Pad's amounts from 11 on (Reshape, Slice, Transpose, Cast of constants): folded to one constant.
        var graph = network.Model.Graph;
        var pad = graph.Nodes.Single(n => n.OpType == "Pad");
        Assert.True(graph.Initializers.ContainsKey(pad.Inputs[1]), $"the pads of {pad} were not folded");
        Assert.Equal([0L, 0, 2, 1], OperatorForms.PadAmounts(pad, graph)!.Begin);
        Assert.Equal([0L, 0, 1, 2], OperatorForms.PadAmounts(pad, graph)!.End);
        Assert.True(ChannelwiseOps.TryPassThrough(graph, pad, 0, out _, out _), "a spatial Pad keeps channels: the circuit walk passes it");

        var x = TestTensors.Normal(new Random(Seed), 1, 3, 16, 16);
        var expected = OrtTestRunner.Run(File.ReadAllBytes(path), ["features"], ("image", x))["features"];
        var input = new FloatTensor(x.ToFloats(), 1, 3, 16, 16);
        var actual = network.Activations(input, "features")["features"];
        TestTensors.AssertClose(expected, ConstTensor.FromFloats(actual.Data, actual.Shape.Select(d => (long)d).ToArray()),
            ActivationTolerance, $"opset {opset} features (seed {Seed})");

        var rng = new Random(Seed + 1);
        var dA = TestTensors.Normal(rng, expected.Dims).ToFloats();
        var session = network.Gradient(GradientRequest.ForLayer("features"));
        var gradient = session.Run(input, new Dictionary<string, FloatTensor> { ["features"] = new FloatTensor(dA, actual.Shape) })
            [session.GradientOutputs[network.Input.Name]].Data;
        var shape = input.Shape.Select(d => (long)d).ToArray();
        double Objective(double[] data)
        {
            var a = ReferenceEvaluator.Run(original, new Dictionary<string, RefTensor> { ["image"] = new RefTensor(shape, data) }, ["features"])["features"];
            return a.Data.Zip(dA).Sum(p => p.First * p.Second);
        }
        var x0 = RefTensor.FromFloats(input.Data, shape).Data;
        double scale = Math.Sqrt(gradient.Sum(g => (double)g * g) / gradient.Length);
        Assert.True(scale > 0, "the gradient must not vanish for this input");
        for (int k = 0; k < 3; k++)
        {
            var direction = Enumerable.Range(0, x0.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double norm = Math.Sqrt(direction.Sum(d => d * d));
            double numeric = (Objective(x0.Select((v, i) => v + Epsilon * direction[i] / norm).ToArray())
                - Objective(x0.Select((v, i) => v - Epsilon * direction[i] / norm).ToArray())) / (2 * Epsilon);
            double analytic = gradient.Select((g, i) => g * direction[i] / norm).Sum();
            Assert.True(Math.Abs(analytic - numeric) <= GradientTolerance * Math.Max(Math.Abs(numeric), scale),
                $"opset {opset}, direction {k} (seed {Seed + 1}): analytic {analytic:G9}, numeric {numeric:G9}, scale {scale:G3}");
        }
    }
}
