using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rule of ReduceProd: dx_i = dy·Π_{j≠i} x_j, exact where elements are zero (dy·y/x_i is not).
/// With p the product of the group's non-zero elements and z its number of zeros: a non-zero x_i gets
/// dy·p/x_i when z = 0; a zero x_i gets dy·p when z = 1; everything else gets 0.
/// </summary>
internal static class ReduceProdGradient
{
    /// <summary>dx = dy·(product of the other elements of the group).</summary>
    public static IEnumerable<Node> ReduceProd(GradientContext c)
    {
        var zero = c.Constant(0f);
        var isZero = c.Op("Equal", c.Input(0), zero);
        yield return isZero;
        // Zeros become ones, so p/x_i is the product of the others also for the zero element.
        var nonZero = c.Op("Where", isZero.Outputs[0], c.Constant(1f), c.Input(0));
        yield return nonZero;
        var product = ReduceGradients.KeptReduction(c, "ReduceProd", nonZero.Outputs[0]);
        yield return product;
        var others = c.Op("Div", product.Outputs[0], nonZero.Outputs[0]);
        yield return others;
        var zeroMask = c.Op("Cast", isZero.Outputs[0]).With("to", (long)TensorElementType.Float);
        yield return zeroMask;
        var zeros = ReduceGradients.KeptReduction(c, "ReduceSum", zeroMask.Outputs[0]);
        yield return zeros;
        var otherZeros = c.Op("Sub", zeros.Outputs[0], zeroMask.Outputs[0]);
        yield return otherZeros;
        var noOtherZero = c.Op("Equal", otherZeros.Outputs[0], zero);
        yield return noOtherZero;
        var factor = c.Op("Where", noOtherZero.Outputs[0], others.Outputs[0], zero);
        yield return factor;
        var (dy, dyNodes) = ReduceGradients.Broadcastable(c, c.OutputGrad(0)!);
        foreach (var node in dyNodes) yield return node;
        yield return c.Op("Mul", [dy, factor.Outputs[0]], [c.InputGrad(0)]);
    }
}
