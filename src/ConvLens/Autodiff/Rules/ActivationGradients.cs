using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of activations: Relu, LeakyRelu, PRelu, ThresholdedRelu, Clip, Sigmoid, Tanh, Softmax,
/// LogSoftmax, and the pass-through Dropout (inference) and Identity. Masks are applied as <c>Mul</c> by a <c>Cast</c>
/// comparison, one of the two forms (with <c>Where</c>) measured fast in ONNX Runtime.
/// </summary>
internal static class ActivationGradients
{
    /// <summary>dx = dy·[y &gt; 0]: no gradient at the kink x = 0, as in TensorFlow and PyTorch.</summary>
    public static IEnumerable<Node> Relu(GradientContext c)
    {
        var active = c.Op("Greater", c.Output(0), c.Constant(0f));
        yield return active;
        foreach (var node in MaskedGrad(c, c.OutputGrad(0)!, active.Outputs[0], c.InputGrad(0))) yield return node;
    }

    /// <summary>dx = dy where x &gt; 0, dy·alpha elsewhere (alpha defaults to 0.01).</summary>
    public static IEnumerable<Node> LeakyRelu(GradientContext c)
    {
        float alpha = c.Node.Float("alpha", 0.01f);
        // The slope is chosen from x, not y: y's sign says nothing when alpha ≤ 0.
        var positive = c.Op("Greater", c.Input(0), c.Constant(0f));
        yield return positive;
        var slope = c.Op("Where", positive.Outputs[0], c.Constant(1f), c.Constant(alpha));
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// y = x for x &gt; 0, slope·x else, the slope broadcast to x (e.g. [C,1,1] or [1]); registered as
    /// broadcasting, so the slope's gradient is written in x's shape and the differentiator sums it down.
    /// dx = dy for x &gt; 0, dy·slope for x ≤ 0; dslope = dy·x for x ≤ 0, 0 elsewhere. At x = 0 the slope
    /// side is taken, as in PyTorch's prelu backward and this project's LeakyRelu rule.
    /// </summary>
    public static IEnumerable<Node> PRelu(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        string x = c.Input(0);
        var positive = c.Op("Greater", x, c.Constant(0f));
        yield return positive;
        if (c.NeedsInputGrad(0))
        {
            var slope = c.Op("Where", positive.Outputs[0], c.Constant(1f), c.Input(1));
            yield return slope;
            yield return c.Op("Mul", [dy, slope.Outputs[0]], [c.InputGrad(0)]);
        }
        if (c.NeedsInputGrad(1))
        {
            var negativePart = c.Op("Where", positive.Outputs[0], c.Constant(0f), x);
            yield return negativePart;
            yield return c.Op("Mul", [dy, negativePart.Outputs[0]], [c.InputGrad(1)]);
        }
    }

    /// <summary>
    /// y = x for x &gt; alpha, 0 else (alpha defaults to 1): dx = dy·[x &gt; alpha]. The mask tests x: for
    /// alpha &lt; 0 the active y = x on (alpha, 0] is not positive. At x = alpha the gradient is 0, as PyTorch's Threshold gives.
    /// </summary>
    public static IEnumerable<Node> ThresholdedRelu(GradientContext c)
    {
        var active = c.Op("Greater", c.Input(0), c.Constant(c.Node.Float("alpha", 1f)));
        yield return active;
        foreach (var node in MaskedGrad(c, c.OutputGrad(0)!, active.Outputs[0], c.InputGrad(0))) yield return node;
    }

    /// <summary>
    /// y = min(max(x, lo), hi). x gets dy strictly inside the interval, lo &lt; x &lt; hi: at a bound the
    /// gradient is 0, the convention of the Relu rule (ReLU6 exported as Clip(0, 6) then agrees with
    /// Relu at 0) and of TensorFlow's Relu6. Runtime bounds, if they need a gradient, get the sum of dy
    /// where they clip (x ≤ lo, x ≥ hi). Bounds are inputs 1 and 2, each optional (opset 11 form, which
    /// <see cref="OpsetNormalizer"/> gives every model). An empty interval (lo &gt; hi, where ONNX
    /// outputs hi everywhere) is not special-cased.
    /// </summary>
    public static IEnumerable<Node> Clip(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        string x = c.Input(0);
        string? lo = c.Node.HasInput(1) ? c.Input(1) : null, hi = c.Node.HasInput(2) ? c.Input(2) : null;
        if (c.NeedsInputGrad(0))
        {
            string? mask = null;
            if (lo is not null)
            {
                var above = c.Op("Greater", x, lo);
                yield return above;
                mask = above.Outputs[0];
            }
            if (hi is not null)
            {
                var below = c.Op("Less", x, hi);
                yield return below;
                if (mask is null) mask = below.Outputs[0];
                else
                {
                    var both = c.Op("And", mask, below.Outputs[0]);
                    yield return both;
                    mask = both.Outputs[0];
                }
            }
            if (mask is null) yield return c.Op("Identity", [dy], [c.InputGrad(0)]);
            else foreach (var node in MaskedGrad(c, dy, mask, c.InputGrad(0))) yield return node;
        }
        foreach (var (index, comparison) in new[] { (1, "LessOrEqual"), (2, "GreaterOrEqual") })
        {
            if (!c.NeedsInputGrad(index)) continue;
            var clipped = c.Op(comparison, x, c.Input(index));
            yield return clipped;
            var perElement = c.Temp("bound_grad");
            foreach (var node in MaskedGrad(c, dy, clipped.Outputs[0], perElement)) yield return node;
            // The bound is a scalar: its gradient is the sum over every element it clipped.
            yield return c.Op("ReduceSum", [perElement], [c.InputGrad(index)]).With("keepdims", 0L);
        }
    }

    /// <summary>y = σ(x): dx = dy·y·(1 − y).</summary>
    public static IEnumerable<Node> Sigmoid(GradientContext c)
    {
        var y = c.Output(0);
        var oneMinusY = c.Op("Sub", c.Constant(1f), y);
        yield return oneMinusY;
        var slope = c.Op("Mul", y, oneMinusY.Outputs[0]);
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>y = tanh(x): dx = dy·(1 − y²).</summary>
    public static IEnumerable<Node> Tanh(GradientContext c)
    {
        var y = c.Output(0);
        var square = c.Op("Mul", y, y);
        yield return square;
        var slope = c.Op("Sub", c.Constant(1f), square.Outputs[0]);
        yield return slope;
        yield return c.Op("Mul", [c.OutputGrad(0)!, slope.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>dx = y·(dy − Σ dy·y), the sum over the softmax axes, kept for broadcasting.</summary>
    public static IEnumerable<Node> Softmax(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        var y = c.Output(0);
        var product = c.Op("Mul", dy, y);
        yield return product;
        var sum = c.ReduceSum(product.Outputs[0], SoftmaxAxes(c), keepDims: true, c.Temp("sum"));
        yield return sum;
        var centred = c.Op("Sub", dy, sum.Outputs[0]);
        yield return centred;
        yield return c.Op("Mul", [y, centred.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>y = x − log Σ eˣ: dx = dy − eʸ·Σ dy, the sum over the softmax axes.</summary>
    public static IEnumerable<Node> LogSoftmax(GradientContext c)
    {
        var dy = c.OutputGrad(0)!;
        var softmax = c.Op("Exp", c.Output(0));
        yield return softmax;
        var sum = c.ReduceSum(dy, SoftmaxAxes(c), keepDims: true, c.Temp("sum"));
        yield return sum;
        var share = c.Op("Mul", softmax.Outputs[0], sum.Outputs[0]);
        yield return share;
        yield return c.Op("Sub", [dy, share.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// Inference-mode dropout is the identity, so dx = dy; the mask output carries no gradient, and
    /// the ratio has none (the output does not depend on it). Training mode is refused: its output is random.
    /// </summary>
    public static IEnumerable<Node> Dropout(GradientContext c)
    {
        if (c.Node.HasInput(2) && (c.ConstantValue(c.Input(2)) is not { } training || IsTrue(training)))
            throw new ConvLensException($"cannot differentiate {c.Node}: it must run in inference mode (training_mode a constant false), since training-mode dropout is random");
        if (c.NeedsInputGrad(0))
        {
            var dy = c.OutputGrad(0);
            if (dy is not null) yield return c.Op("Identity", [dy], [c.InputGrad(0)]);
            else foreach (var node in ZerosLike(c, c.Input(0), c.InputGrad(0))) yield return node;
        }
        if (c.NeedsInputGrad(1))
            foreach (var node in ZerosLike(c, c.Input(1), c.InputGrad(1))) yield return node;
    }

    /// <summary>dx = dy.</summary>
    public static IEnumerable<Node> Identity(GradientContext c)
    {
        yield return c.Op("Identity", [c.OutputGrad(0)!], [c.InputGrad(0)]);
    }

    /// <summary>dy times a boolean mask, as Mul by the mask cast to float (the measured-fast form).</summary>
    private static IEnumerable<Node> MaskedGrad(GradientContext c, string dy, string mask, string output)
    {
        var cast = c.Op("Cast", mask).With("to", (long)TensorElementType.Float);
        yield return cast;
        yield return c.Op("Mul", [dy, cast.Outputs[0]], [output]);
    }

    private static IEnumerable<Node> ZerosLike(GradientContext c, string like, string output)
    {
        var shape = c.Op("Shape", like);
        yield return shape;
        yield return c.Op("ConstantOfShape", [shape.Outputs[0]], [output]).With("value", NodeAttribute.Of(ConstTensor.FromFloats([0f], 1)));
    }

    /// <summary>
    /// The axis Softmax and LogSoftmax normalise over, opset 13 semantics (default −1). Older models
    /// flatten at <c>axis</c> instead; <see cref="OpsetNormalizer"/> rewrites them before differentiation.
    /// </summary>
    private static long[] SoftmaxAxes(GradientContext c) => c.Opset >= 13
        ? [c.Node.Int("axis", -1)]
        : throw new ConvLensException($"cannot differentiate {c.Node} of opset {c.Opset}: normalise the model to opset 13 first (OpsetNormalizer)");

    private static bool IsTrue(ConstTensor tensor) => tensor.ToInt64s() is [not 0];
}
