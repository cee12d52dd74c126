using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of the reductions y = Σ f(x) or g(Σ f(x)) whose derivative with respect to each
/// element depends only on that element and y: ReduceSumSquare, ReduceL1, ReduceL2, ReduceLogSumExp.
/// dy (and y where needed) is made broadcastable against x (see <see cref="ReduceGradients.Broadcastable"/>)
/// and multiplied by the elementwise factor, which has x's shape. The no-op form (no axes,
/// noop_with_empty_axes) reduces each element alone, as ONNX Runtime runs it (ReduceSumSquare still
/// squares), and the same formulas hold for it.
/// </summary>
internal static class PointwiseReduceGradients
{
    /// <summary>y = Σ x², dx = 2x·dy.</summary>
    public static IEnumerable<Node> ReduceSumSquare(GradientContext c)
    {
        // Doubling dy before broadcasting touches only the reduced tensor.
        var doubled = c.Op("Mul", c.OutputGrad(0)!, c.Constant(2f));
        yield return doubled;
        foreach (var node in Times(c, doubled.Outputs[0], c.Input(0))) yield return node;
    }

    /// <summary>y = Σ |x|, dx = sign(x)·dy (0 at x = 0, the subgradient PyTorch takes).</summary>
    public static IEnumerable<Node> ReduceL1(GradientContext c)
    {
        var sign = c.Op("Sign", c.Input(0));
        yield return sign;
        foreach (var node in Times(c, c.OutputGrad(0)!, sign.Outputs[0])) yield return node;
    }

    /// <summary>y = √Σ x², dx = x·dy/y; 0 where y = 0 (every element of the group is 0), as in PyTorch.</summary>
    public static IEnumerable<Node> ReduceL2(GradientContext c)
    {
        var ratio = c.Op("Div", c.OutputGrad(0)!, c.Output(0));
        yield return ratio;
        var zero = c.Constant(0f);
        var isZero = c.Op("Equal", c.Output(0), zero);
        yield return isZero;
        var safe = c.Op("Where", isZero.Outputs[0], zero, ratio.Outputs[0]);
        yield return safe;
        foreach (var node in Times(c, safe.Outputs[0], c.Input(0))) yield return node;
    }

    /// <summary>y = log Σ eˣ, dx = e^(x − y)·dy (the softmax of the group).</summary>
    public static IEnumerable<Node> ReduceLogSumExp(GradientContext c)
    {
        var (y, yNodes) = ReduceGradients.Broadcastable(c, c.Output(0));
        foreach (var node in yNodes) yield return node;
        var shifted = c.Op("Sub", c.Input(0), y);
        yield return shifted;
        var softmax = c.Op("Exp", shifted.Outputs[0]);
        yield return softmax;
        foreach (var node in Times(c, c.OutputGrad(0)!, softmax.Outputs[0])) yield return node;
    }

    /// <summary>dx = <paramref name="reduced"/> (in y's shape) broadcast against <paramref name="factor"/> (in x's shape), times it.</summary>
    private static IEnumerable<Node> Times(GradientContext c, string reduced, string factor)
    {
        var (broadcastable, nodes) = ReduceGradients.Broadcastable(c, reduced);
        foreach (var node in nodes) yield return node;
        yield return c.Op("Mul", [broadcastable, factor], [c.InputGrad(0)]);
    }
}
