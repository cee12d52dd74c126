using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Reference;

/// <summary>
/// The reference activations agree with ONNX Runtime at the opsets exporters use for them (HardSwish
/// 14, Celu 12, Mish 18, Gelu 20), which also shows that ORT runs each of them there; and the
/// reference erf matches published values.
/// </summary>
public class RefActivationsTests
{
    /// <summary>
    /// ORT computes in float32 (~1e-7 relative per operation, a few operations per element); 1e-5 of
    /// max(1, |value|) leaves margin, while a wrong formula or default (e.g. Selu's constants, Gelu's
    /// form) is off by far more.
    /// </summary>
    private const double Tolerance = 1e-5;

    /// <summary>The table (Abramowitz–Stegun 7.1; C's erf agrees to the last digit) is rounded to ~1e-16 and the series is good to ~1e-15.</summary>
    private const double ErfTolerance = 2e-15;

    public static TheoryData<string, long, string?, float?> Cases => new()
    {
        { "HardSigmoid", 17, null, null },
        { "HardSigmoid", 17, "alpha", 0.25f },
        { "HardSwish", 14, null, null },
        { "Erf", 13, null, null },
        { "Gelu", 20, null, null },
        { "Gelu", 20, "tanh", null },
        { "Softplus", 17, null, null },
        { "Softsign", 17, null, null },
        { "Elu", 17, null, null },
        { "Elu", 17, "alpha", 0.5f },
        { "Selu", 17, null, null },
        { "Selu", 17, "gamma", 2f },
        { "Celu", 12, null, null },
        { "Celu", 12, "alpha", 2f },
        { "ThresholdedRelu", 17, null, null },
        { "ThresholdedRelu", 17, "alpha", -0.4f },
        { "Mish", 18, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void UnaryActivationAgreesWithOnnxRuntime(string op, long opset, string? attribute, float? value)
    {
        var b = new GraphBuilder(opset);
        var node = b.Node(op, [b.Input("x", 4, 50)], "y");
        if (attribute == "tanh") node.With("approximate", "tanh");
        else if (attribute is not null) node.With(attribute, value!.Value);
        b.Output(node.Outputs[0]);
        // A spread of 3 reaches the saturated and kinked regions (HardSwish at ±3, HardSigmoid at ±2.5).
        var x = RefTensor.FromFloats(TestModels.RandomNormal(new Random(41), 200, std: 3), 4, 50);

        AssertAgrees(b.Build(), new Dictionary<string, RefTensor> { ["x"] = x });
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 1, 1)]
    public void PReluAgreesWithOnnxRuntime(long slopeChannels, long h, long w)
    {
        var b = new GraphBuilder();
        var slope = b.Input("slope", slopeChannels, h, w);
        b.Output(b.Node("PRelu", [b.Input("x", 2, 3, 4, 5), slope], "y").Outputs[0]);
        var rng = new Random(42);
        var inputs = new Dictionary<string, RefTensor>
        {
            ["x"] = RefTensor.FromFloats(TestModels.RandomNormal(rng, 120), 2, 3, 4, 5),
            ["slope"] = RefTensor.FromFloats(TestModels.RandomNormal(rng, slopeChannels * h * w), slopeChannels, h, w),
        };

        AssertAgrees(b.Build(), inputs);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(-1.5, -0.9661051464753108)]
    [InlineData(3.0, 0.9999779095030014)]
    public void ErfMatchesItsTable(double x, double expected)
    {
        Assert.Equal(expected, RefActivations.Erf(x), ErfTolerance);
    }

    private static void AssertAgrees(OnnxModel model, Dictionary<string, RefTensor> inputs)
    {
        var ort = OrtRunner.Run(model, inputs, ["y"])["y"];
        var reference = ReferenceEvaluator.Run(model, inputs, ["y"])["y"];
        Assert.Equal(ort.Shape, reference.Shape);
        for (int i = 0; i < ort.Data.Length; i++)
            Assert.True(Math.Abs(ort.Data[i] - reference.Data[i]) <= Tolerance * Math.Max(1, Math.Abs(reference.Data[i])),
                $"element {i}: reference {reference.Data[i]:G9}, ORT {ort.Data[i]:G9}");
    }
}
