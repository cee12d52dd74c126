using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of operators that select among their inputs elementwise: the variadic Max and Min
/// and Where. All are registered as broadcasting: each rule writes an input's gradient in the output's
/// shape and the differentiator sums it down to the input's.
/// </summary>
internal static class SelectionGradients
{
    /// <summary>y = max(x₀, …, xₙ₋₁) elementwise: the inputs equal to y share dy (see <see cref="Selected"/>).</summary>
    public static IEnumerable<Node> Max(GradientContext c) => Selected(c);

    /// <summary>y = min(x₀, …, xₙ₋₁) elementwise: the inputs equal to y share dy (see <see cref="Selected"/>).</summary>
    public static IEnumerable<Node> Min(GradientContext c) => Selected(c);

    /// <summary>
    /// y = Where(condition, a, b): a gets dy where the condition holds, b where it does not. The
    /// condition is boolean and gets no gradient; should it be asked for one (a condition computed by a
    /// Cast on the gradient path), it gets zeros.
    /// </summary>
    public static IEnumerable<Node> Where(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        string condition = c.Input(0), zero = c.Constant(0f);
        if (c.NeedsInputGrad(0))
        {
            var shape = c.Op("Shape", dy);
            yield return shape;
            yield return c.Op("ConstantOfShape", [shape.Outputs[0]], [c.InputGrad(0)])
                .With("value", NodeAttribute.Of(ConstTensor.FromFloats([0f], 1)));
        }
        if (c.NeedsInputGrad(1)) yield return c.Op("Where", [condition, dy, zero], [c.InputGrad(1)]);
        if (c.NeedsInputGrad(2)) yield return c.Op("Where", [condition, zero, dy], [c.InputGrad(2)]);
    }

    /// <summary>
    /// Max and Min: input i gets dy·[xᵢ = y] / k, k the number of inputs equal to y at that element. Ties
    /// split dy evenly, as PyTorch's torch.maximum/torch.minimum do, so the inputs' gradients always sum
    /// to dy. Equality is exact: y is a copy of one of the inputs.
    /// </summary>
    private static IEnumerable<Node> Selected(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        var y = c.Output(0);
        int count = c.Node.Inputs.Count;
        if (count == 1)
        {
            yield return c.Op("Identity", [dy], [c.InputGrad(0)]);
            yield break;
        }
        var chosen = new string[count];
        for (int i = 0; i < count; i++)
        {
            var equal = c.Op("Equal", c.Input(i), y);
            yield return equal;
            var mask = c.Op("Cast", equal.Outputs[0]).With("to", (long)TensorElementType.Float);
            yield return mask;
            chosen[i] = mask.Outputs[0];
        }
        // Every element has at least one input equal to it (y is one of them), so the share is finite.
        var ties = c.Op("Sum", chosen);
        yield return ties;
        var share = c.Op("Div", dy, ties.Outputs[0]);
        yield return share;
        for (int i = 0; i < count; i++)
            if (c.NeedsInputGrad(i)) yield return c.Op("Mul", [share.Outputs[0], chosen[i]], [c.InputGrad(i)]);
    }
}
