using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of ReduceMax and ReduceMin: dy goes to the element that is the extremum. Where several
/// elements tie for it, dy is split evenly among them — PyTorch's amax/amin convention, and the one that
/// keeps the gradient's sum equal to dy's (sending all of it to each tied element would multiply it).
/// </summary>
internal static class ExtremumReduceGradients
{
    /// <summary>dx = dy·[x = max] / (number of elements equal to the max).</summary>
    public static IEnumerable<Node> ReduceMax(GradientContext c) => ToExtremum(c);

    /// <summary>dx = dy·[x = min] / (number of elements equal to the min).</summary>
    public static IEnumerable<Node> ReduceMin(GradientContext c) => ToExtremum(c);

    private static IEnumerable<Node> ToExtremum(GradientContext c)
    {
        // The extremum is one of the elements, so float equality finds it exactly.
        var (extremum, extremumNodes) = ReduceGradients.Broadcastable(c, c.Output(0));
        foreach (var node in extremumNodes) yield return node;
        var (dy, dyNodes) = ReduceGradients.Broadcastable(c, c.OutputGrad(0)!);
        foreach (var node in dyNodes) yield return node;
        var hit = c.Op("Equal", c.Input(0), extremum);
        yield return hit;
        var mask = c.Op("Cast", hit.Outputs[0]).With("to", (long)TensorElementType.Float);
        yield return mask;
        if (ReduceGradients.IsNoop(c))
        {
            // Each element is its own extremum.
            yield return c.Op("Mul", [mask.Outputs[0], dy], [c.InputGrad(0)]);
            yield break;
        }
        var ties = ReduceGradients.KeptReduction(c, "ReduceSum", mask.Outputs[0]);
        yield return ties;
        var share = c.Op("Div", dy, ties.Outputs[0]);
        yield return share;
        yield return c.Op("Mul", [mask.Outputs[0], share.Outputs[0]], [c.InputGrad(0)]);
    }
}
