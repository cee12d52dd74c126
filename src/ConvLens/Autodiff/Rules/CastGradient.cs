using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The gradient of Cast. Between floating-point types the cast is the identity up to rounding, so
/// dx = dy cast back to x's type; a cast to an integer, boolean or string type is piecewise constant,
/// so x gets zeros (and the incoming gradient is not read, which lets the pruner drop it).
/// </summary>
internal static class CastGradient
{
    /// <summary>Floating-point <c>TensorProto.DataType</c> values: float, float16, double, bfloat16, the float8 types (opset 19) and float4 (opset 23).</summary>
    private static readonly HashSet<long> FloatTypes = [1, 10, 11, 16, 17, 18, 19, 20, 23];

    /// <summary>
    /// dx = CastLike(dy, x) from opset 15. Before it, with no CastLike and no element types visible to a
    /// rule, dy is cast to float: exact for float inputs, the only type the other rules' constants support.
    /// </summary>
    public static IEnumerable<Node> Cast(GradientContext c)
    {
        long to = c.Node.Int("to", (long)TensorElementType.Undefined);
        var x = c.Input(0);
        if (!FloatTypes.Contains(to))
        {
            foreach (var node in ZerosLike(c, x)) yield return node;
            yield break;
        }
        var dy = c.OutputGrad(0)!;
        yield return c.Opset >= 15
            ? c.Op("CastLike", [dy, x], [c.InputGrad(0)])
            : c.Op("Cast", [dy], [c.InputGrad(0)]).With("to", (long)TensorElementType.Float);
    }

    /// <summary>Zeros of x's shape, and of its type from opset 15 (CastLike), so an integer path upstream stays well typed.</summary>
    private static IEnumerable<Node> ZerosLike(GradientContext c, string x)
    {
        var shape = c.Op("Shape", x);
        yield return shape;
        var zeros = ConstTensor.FromFloats([0f], 1);
        if (c.Opset < 15)
        {
            yield return c.Op("ConstantOfShape", [shape.Outputs[0]], [c.InputGrad(0)]).With("value", NodeAttribute.Of(zeros));
            yield break;
        }
        var floatZeros = c.Op("ConstantOfShape", shape.Outputs[0]).With("value", NodeAttribute.Of(zeros));
        yield return floatZeros;
        yield return c.Op("CastLike", [floatZeros.Outputs[0], x], [c.InputGrad(0)]);
    }
}
