using ConvLens.Autodiff;
using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff;

/// <summary>The checker that judges every gradient rule must itself accept right gradients and reject wrong ones.</summary>
public class GradientCheckerTests
{
    private static OnnxModel ReluModel(params Dim[] shape)
    {
        var b = new GraphBuilder();
        var x = b.Input("x", shape);
        b.Output(b.Node("Relu", [x], "relu").Outputs[0]);
        return b.Build();
    }

    /// <summary>A wrong ReLU gradient: dy passed through where the unit is off too.</summary>
    private static readonly GradientRegistry WrongRelu =
        GradientRegistry.Default.With("Relu", c => [c.Op("Identity", [c.OutputGrad(0)!], [c.InputGrad(0)])]);

    [Theory]
    [InlineData(12)]   // element by element
    [InlineData(300)]  // random directions
    public void AcceptsTheRightGradient(long size)
    {
        var worst = GradientChecker.Check(ReluModel(Dim.Sym("N"), size), "relu", seed: 3);
        // Relu's gradient is an exact mask: only float32 rounding of dA separates the two sides.
        Assert.True(worst["x"].Error < 1e-6, $"seed 3: {worst["x"]}");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(300)]
    public void RejectsAWrongGradient(long size)
    {
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            GradientChecker.AssertMatches(ReluModel(2, size), "relu", seed: 4, registry: WrongRelu));
        Assert.Contains("seed 4", e.Message);
        Assert.Contains("wrt 'x'", e.Message);
    }
}
