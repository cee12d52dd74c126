using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Reference;

/// <summary>
/// The float64 reference must agree with ONNX Runtime on every operator family before it may judge
/// gradients: each case is a small random graph run in both.
/// </summary>
public class ReferenceEvaluatorTests
{
    /// <summary>
    /// ORT computes in float32: products summed over up to ~100 terms of unit-size values carry ~1e-6
    /// relative error, and transcendental functions ~1e-7; 1e-4 of max(1, |value|) leaves a wide margin
    /// yet catches any wrong index, padding or broadcast (those give O(1) errors).
    /// </summary>
    private const double Tolerance = 1e-4;

    public static TheoryData<string> Cases => new(RefTestGraphs.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void AgreesWithOnnxRuntime(string name)
    {
        const int seed = 7;
        var model = RefTestGraphs.Build(name, new Random(seed));
        var rng = new Random(seed + 1);
        var inputs = model.Graph.Inputs.ToDictionary(i => i.Name,
            i => RefTensor.FromFloats(TestModels.RandomNormal(rng, i.Shape!.ElementCount), i.Shape.ToLongs()));
        var outputs = model.Graph.Outputs.Select(o => o.Name).ToList();

        var expected = OrtRunner.Run(model, inputs, outputs);
        var actual = ReferenceEvaluator.Run(model, inputs, outputs);
        foreach (var o in outputs)
        {
            Assert.True(expected[o].Shape.SequenceEqual(actual[o].Shape),
                $"{name} (seed {seed}) '{o}': shape [{string.Join(",", actual[o].Shape)}], ORT [{string.Join(",", expected[o].Shape)}]");
            for (int i = 0; i < expected[o].Data.Length; i++)
            {
                double e = expected[o].Data[i], a = actual[o].Data[i];
                Assert.True(Math.Abs(e - a) <= Tolerance * Math.Max(1, Math.Abs(a)), $"{name} (seed {seed}) '{o}'[{i}]: reference {a}, ORT {e}");
            }
        }
    }

    [Fact]
    public void AnUnsupportedOperatorIsNamed()
    {
        var b = new GraphBuilder();
        b.Output(b.Node("Asinh", [b.Input("x", 2)], "asinh_node").Outputs[0]);
        var inputs = new Dictionary<string, RefTensor> { ["x"] = RefTensor.FromFloats([0.5f, -1f], 2) };
        var e = Assert.Throws<NotSupportedException>(() => ReferenceEvaluator.Run(b.Build(), inputs, ["asinh_node"]));
        Assert.Contains("'Asinh'", e.Message);
    }

    [Fact]
    public void AGivenIntermediateValueReplacesItsProducer()
    {
        var b = new GraphBuilder();
        var h = b.Node("Relu", [b.Input("x", 2)], "h").Outputs[0];
        b.Output(b.Node("Neg", [h], "y").Outputs[0]);
        var inputs = new Dictionary<string, RefTensor> { ["x"] = RefTensor.FromFloats([1f, 2f], 2), ["h"] = RefTensor.FromFloats([5f, -3f], 2) };
        Assert.Equal([-5.0, 3.0], ReferenceEvaluator.Run(b.Build(), inputs, ["y"])["y"].Data);
    }

    [Fact]
    public void LrnWithAnEvenSizeLeansTowardLaterChannels()
    {
        // ORT rejects even sizes, so this case is worked by hand from the ONNX definition: size 2 sums
        // channels c - floor(1/2) = c .. c + ceil(1/2) = c + 1.
        // Build() runs ORT's shape inference, so the size becomes even afterwards.
        var b = new GraphBuilder();
        var lrn = b.Node("LRN", [b.Input("x", 1, 3, 1, 1)], "y").With("size", 1L).With("alpha", 0.5f).With("beta", 1f).With("bias", 1f);
        b.Output(lrn.Outputs[0]);
        var model = b.Build();
        model.Graph.Nodes.Single().With("size", 2L);
        var inputs = new Dictionary<string, RefTensor> { ["x"] = RefTensor.FromFloats([1f, 2f, 3f], 1, 3, 1, 1) };
        var y = ReferenceEvaluator.Run(model, inputs, ["y"])["y"].Data;
        double[] expected = [1 / (1 + 0.25 * (1 + 4)), 2 / (1 + 0.25 * (4 + 9)), 3 / (1 + 0.25 * 9)];
        // Exact arithmetic on small numbers: only double rounding separates the two.
        for (int c = 0; c < 3; c++) Assert.Equal(expected[c], y[c], 1e-12);
    }
}
