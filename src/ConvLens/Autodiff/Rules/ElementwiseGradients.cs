using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of elementwise arithmetic: Add, Sub, Mul, Div, Pow (registered as broadcasting, so
/// each input's gradient is written in the output's shape and the differentiator reduces it), the
/// variadic Sum (registered as non-broadcasting: it reduces broadcast inputs itself) and Mean
/// (broadcasting), and the unary Neg, Reciprocal, Sqrt, Exp, Log and Abs.
/// </summary>
internal static class ElementwiseGradients
{
    /// <summary>y = a + b: both get dy.</summary>
    public static IEnumerable<Node> Add(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        for (int i = 0; i < 2; i++)
            if (c.NeedsInputGrad(i)) yield return c.Op("Identity", [dy], [c.InputGrad(i)]);
    }

    /// <summary>y = a − b: a gets dy, b gets −dy.</summary>
    public static IEnumerable<Node> Sub(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        if (c.NeedsInputGrad(0)) yield return c.Op("Identity", [dy], [c.InputGrad(0)]);
        if (c.NeedsInputGrad(1)) yield return c.Op("Neg", [dy], [c.InputGrad(1)]);
    }

    /// <summary>y = a·b: da = dy·b, db = dy·a.</summary>
    public static IEnumerable<Node> Mul(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        // d(a*b)/da = b: the product with the other factor is already in the output's (broadcast) shape.
        if (c.NeedsInputGrad(0)) yield return c.Op("Mul", [dy, c.Input(1)], [c.InputGrad(0)]);
        if (c.NeedsInputGrad(1)) yield return c.Op("Mul", [dy, c.Input(0)], [c.InputGrad(1)]);
    }

    /// <summary>y = a/b: da = dy/b, db = −dy·y/b.</summary>
    public static IEnumerable<Node> Div(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        if (c.NeedsInputGrad(0)) yield return c.Op("Div", [dy, c.Input(1)], [c.InputGrad(0)]);
        if (c.NeedsInputGrad(1))
        {
            // d(a/b)/db = -a/b² = -y/b: using y avoids squaring b, which overflows for large b. The sign
            // goes on b, often a small broadcast tensor (or a constant ORT folds), not on the full gradient.
            var dyTimesY = c.Op("Mul", dy, c.Output(0));
            yield return dyTimesY;
            var negated = c.Op("Neg", c.Input(1));
            yield return negated;
            yield return c.Op("Div", [dyTimesY.Outputs[0], negated.Outputs[0]], [c.InputGrad(1)]);
        }
    }

    /// <summary>
    /// y = a^b. da = dy·b·a^(b−1); db = dy·y·ln(a), emitted only when the exponent needs a gradient
    /// (it is a constant in every CNN). db is NaN where a ≤ 0, where it is undefined for real powers.
    /// </summary>
    public static IEnumerable<Node> Pow(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        string a = c.Input(0), b = c.Input(1);
        if (c.NeedsInputGrad(0))
        {
            string exponent, exponentMinusOne;
            if (c.ConstantValue(b) is { } constant)
            {
                // A constant exponent (x², √x as x^0.5) folds b−1 now instead of at every run.
                var values = constant.ToFloats();
                exponent = c.Constant(ConstTensor.FromFloats(values, constant.Dims));
                exponentMinusOne = c.Constant(ConstTensor.FromFloats(Array.ConvertAll(values, v => v - 1f), constant.Dims));
            }
            else
            {
                // The exponent may be an integer tensor; the Cast is removed by ORT when it is already float.
                var cast = c.Op("Cast", b).With("to", (long)TensorElementType.Float);
                yield return cast;
                exponent = cast.Outputs[0];
                var sub = c.Op("Sub", exponent, c.Constant(1f));
                yield return sub;
                exponentMinusOne = sub.Outputs[0];
            }
            var power = c.Op("Pow", a, exponentMinusOne);
            yield return power;
            var scaled = c.Op("Mul", power.Outputs[0], exponent);
            yield return scaled;
            yield return c.Op("Mul", [dy, scaled.Outputs[0]], [c.InputGrad(0)]);
        }
        if (c.NeedsInputGrad(1))
        {
            var log = c.Op("Log", a);
            yield return log;
            var dyTimesY = c.Op("Mul", dy, c.Output(0));
            yield return dyTimesY;
            yield return c.Op("Mul", [dyTimesY.Outputs[0], log.Outputs[0]], [c.InputGrad(1)]);
        }
    }

    /// <summary>
    /// y = Σ xᵢ: every input receives dy. Sum broadcasts like Add but is registered as non-broadcasting,
    /// so an input smaller than the output gets dy summed over the axes it was broadcast along here.
    /// </summary>
    public static IEnumerable<Node> Sum(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        for (int i = 0; i < c.Node.Inputs.Count; i++)
        {
            if (!c.NeedsInputGrad(i)) continue;
            foreach (var node in SumToShape(c, dy, i)) yield return node;
        }
    }

    /// <summary>y = (Σ xᵢ)/n: every input gets dy/n. Registered as broadcasting, so the differentiator sums each down to its input's shape.</summary>
    public static IEnumerable<Node> Mean(GradientContext c)
    {
        var share = c.Op("Div", c.OutputGrad(0)!, c.Constant((float)c.Node.Inputs.Count));
        yield return share;
        for (int i = 0; i < c.Node.Inputs.Count; i++)
            if (c.NeedsInputGrad(i)) yield return c.Op("Identity", [share.Outputs[0]], [c.InputGrad(i)]);
    }

    /// <summary>y = −x: dx = −dy.</summary>
    public static IEnumerable<Node> Neg(GradientContext c)
    {
        yield return c.Op("Neg", [c.OutputGrad(0)!], [c.InputGrad(0)]);
    }

    /// <summary>y = 1/x: dx = −dy·y², from y rather than −dy/x² so that no x² is formed (it overflows for large x).</summary>
    public static IEnumerable<Node> Reciprocal(GradientContext c)
    {
        var y = c.Output(0);
        var square = c.Op("Mul", y, y);
        yield return square;
        var scaled = c.Op("Mul", c.OutputGrad(0)!, square.Outputs[0]);
        yield return scaled;
        yield return c.Op("Neg", [scaled.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>y = √x: dx = dy / (2y).</summary>
    public static IEnumerable<Node> Sqrt(GradientContext c)
    {
        var half = c.Op("Mul", c.OutputGrad(0)!, c.Constant(0.5f));
        yield return half;
        yield return c.Op("Div", [half.Outputs[0], c.Output(0)], [c.InputGrad(0)]);
    }

    /// <summary>y = eˣ: dx = dy·y.</summary>
    public static IEnumerable<Node> Exp(GradientContext c)
    {
        yield return c.Op("Mul", [c.OutputGrad(0)!, c.Output(0)], [c.InputGrad(0)]);
    }

    /// <summary>y = ln x: dx = dy / x.</summary>
    public static IEnumerable<Node> Log(GradientContext c)
    {
        yield return c.Op("Div", [c.OutputGrad(0)!, c.Input(0)], [c.InputGrad(0)]);
    }

    /// <summary>y = |x|: dx = dy·sign(x), so the kink at 0 gets gradient 0.</summary>
    public static IEnumerable<Node> Abs(GradientContext c)
    {
        var sign = c.Op("Sign", c.Input(0));
        yield return sign;
        yield return c.Op("Mul", [c.OutputGrad(0)!, sign.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>Writes <paramref name="dy"/> (in the output's shape) as the gradient of input <paramref name="input"/>, summing broadcast axes away.</summary>
    private static IEnumerable<Node> SumToShape(GradientContext c, string dy, int input)
    {
        var inShape = c.InputShape(input);
        var outShape = c.OutputShape(0);
        if (inShape.Equals(outShape))
        {
            yield return c.Op("Identity", [dy], [c.InputGrad(input)]);
            yield break;
        }
        int lead = outShape.Rank - inShape.Rank;
        var axes = new List<long>();
        for (int axis = 0; axis < outShape.Rank; axis++)
        {
            if (axis < lead) { axes.Add(axis); continue; }
            var inDim = inShape[axis - lead];
            if (inDim.SameAs(outShape[axis])) continue;
            if (inDim is { IsKnown: true, Value: 1 }) { axes.Add(axis); continue; }
            throw new ConvLensException($"cannot differentiate {c.Node}: input '{c.Input(input)}' {inShape} does not broadcast statically to its output {outShape}");
        }
        if (lead == 0)
        {
            yield return c.ReduceSum(dy, axes.ToArray(), keepDims: true, c.InputGrad(input));
            yield break;
        }
        var reduced = c.ReduceSum(dy, axes.ToArray(), keepDims: false, c.Temp("sum_reduced"));
        yield return reduced;
        // Dropping the leading axes leaves exactly the input's shape, its size-1 axes kept.
        foreach (var node in c.ReshapeLike(reduced.Outputs[0], c.Input(input), c.InputGrad(input))) yield return node;
    }
}
