using ConvLens.Graph;
using Xunit;

namespace ConvLens.Tests.Autodiff.Rules;

/// <summary>
/// Cast against float64 finite differences: casts between float types pass dy back in the input's
/// type (CastLike from opset 15, a cast to float before), casts to integer or boolean types pass zeros.
/// </summary>
public class CastGradientTests
{
    /// <summary>Float and double round trips are exact for float32 values, so the gradient is too (up to the Tanh rule's ~1e-7).</summary>
    private const double Tolerance = 1e-4;

    /// <summary>
    /// The reference treats float16 as exact, but ORT rounds dy to float16 on the way back: 2⁻¹¹ ≈ 5e-4
    /// relative per element, summed along a unit direction. 2e-3 holds that; a missing or doubled path is O(1).
    /// </summary>
    private const double HalfTolerance = 2e-3;

    [Theory]
    [InlineData(13, TensorElementType.Float)]
    [InlineData(17, TensorElementType.Float)]
    [InlineData(13, TensorElementType.Double)]
    [InlineData(17, TensorElementType.Double)]
    [InlineData(21, TensorElementType.Double)]
    [InlineData(17, TensorElementType.Float16)]
    public void AFloatRoundTripPassesTheGradient(long opset, TensorElementType through)
    {
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var there = b.Node("Cast", [x], "there").With("to", (long)through).Outputs[0];
        var back = b.Node("Cast", [there], "back").With("to", (long)TensorElementType.Float).Outputs[0];
        b.Output(b.Node("Tanh", [back], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 71, through == TensorElementType.Float16 ? HalfTolerance : Tolerance);
    }

    [Theory]
    [InlineData(13, TensorElementType.Int64)]
    [InlineData(17, TensorElementType.Int64)]
    [InlineData(17, TensorElementType.Int32)]
    [InlineData(13, TensorElementType.Bool)]
    [InlineData(17, TensorElementType.Bool)]
    public void AnIntegerOrBooleanCastPassesNoGradient(long opset, TensorElementType through)
    {
        // y = x·float(int(3x)): only the first factor carries gradient; int(3x) is piecewise constant.
        var b = new GraphBuilder(opset);
        var x = b.Input("x", Dim.Sym("N"), 3, 4);
        var tripled = b.Node("Mul", [x, b.Weight("three", [3f])], "tripled").Outputs[0];
        var integer = b.Node("Cast", [tripled], "integer").With("to", (long)through).Outputs[0];
        var back = b.Node("Cast", [integer], "back").With("to", (long)TensorElementType.Float).Outputs[0];
        b.Output(b.Node("Mul", [x, back], "y").Outputs[0]);
        GradientChecker.AssertMatches(b.Build(), "y", seed: 72, Tolerance);
    }
}
