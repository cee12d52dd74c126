using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of convolution and pooling, in standard ONNX operators only (ORT's gradient kernels
/// are not in the runtime package): Conv (input and bias; weights are refused), MaxPool, AveragePool,
/// GlobalAveragePool and GlobalMaxPool. Max pooling sends a window's gradient to its first maximal element
/// in row-major order, as PyTorch and ORT's MaxPool Indices do, tiling windows too: a faster mask form gave
/// every tied maximum the full gradient, and ties at positive values are common (a 3×3 stride-1 pool repeats
/// its maxima, which a following 2×2 pool then sees together: GoogLeNet's inception5b gradient was 2% off
/// PyTorch's). GlobalMaxPool keeps the mask form: its one window ties only on a constant map.
/// </summary>
internal static class ConvPoolGradients
{
    public static IEnumerable<Node> Conv(GradientContext c)
    {
        if (c.NeedsInputGrad(1))
            throw new ConvLensException($"cannot differentiate {c.Node} with respect to its weights '{c.Input(1)}': ConvLens computes gradients of inputs and activations, not of weights");
        var dy = c.OutputGrad(0) ?? throw new InvalidOperationException($"{c.Node} has no incoming gradient");
        int rank = c.OutputShape(0).Rank;
        if (c.NeedsInputGrad(2))
            yield return c.ReduceSum(dy, Enumerable.Range(0, rank).Where(a => a != 1).Select(a => (long)a).ToArray(), false, c.InputGrad(2));
        if (!c.NeedsInputGrad(0)) yield break;

        var weightShape = c.InputShape(1);
        if (!weightShape.IsFullyKnown)
            throw new ConvLensException($"cannot differentiate {c.Node}: the shape of its weights '{c.Input(1)}' {weightShape} must be static");
        var geometry = WindowGeometry.Of(c, weightShape.ToLongs()[2..]);
        var nodes = ConvInputGradient.PrefersFlippedKernel(geometry, c.InputShape(0))
            ? ConvInputGradient.FlippedKernelConv(c, dy, geometry)
            : ConvInputGradient.TransposedConv(c, dy, geometry);
        foreach (var node in nodes) yield return node;
    }

    public static IEnumerable<Node> MaxPool(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var kernel = c.Node.Ints("kernel_shape") ?? throw new ConvLensException($"{c.Node} has no kernel_shape");
        var geometry = WindowGeometry.Of(c, kernel);
        var dy = c.OutputGrad(0);
        var nodes = dy is null ? PoolGradientForms.Zeros(c, c.Input(0), c.InputGrad(0))
            : PoolGradientForms.MaxPoolWindows(c, dy, geometry);
        foreach (var node in nodes) yield return node;
    }

    /// <summary>
    /// Each output's gradient, divided by the divisor ORT used for its window, is spread uniformly over
    /// the window's taps; taps in the padding are dropped. Three forms, fastest first (measured): tiling
    /// windows upsample by Resize (6× faster than ConvTranspose); stride 1 is itself an average pool of
    /// the scaled gradient with complementary padding; anything else a depthwise ConvTranspose with a
    /// kernel of ones.
    /// </summary>
    public static IEnumerable<Node> AveragePool(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var kernel = c.Node.Ints("kernel_shape") ?? throw new ConvLensException($"{c.Node} has no kernel_shape");
        var geometry = WindowGeometry.Of(c, kernel);
        bool includePad = c.Node.Int("count_include_pad", 0) != 0;
        var nodes = PoolGradientForms.IsTiling(geometry) ? PoolGradientForms.AveragePoolTiling(c, c.OutputGrad(0)!, geometry)
            : PoolGradientForms.IsUnitStride(geometry) ? PoolGradientForms.AveragePoolUnitStride(c, c.OutputGrad(0)!, geometry, includePad)
            : PoolGradientForms.AveragePoolWindows(c, c.OutputGrad(0)!, geometry, includePad);
        foreach (var node in nodes) yield return node;
    }

    public static IEnumerable<Node> GlobalAveragePool(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var shape = c.InputShape(0);
        var inputShape = c.Op("Shape", c.Input(0));
        yield return inputShape;
        string scaled;
        var spatial = Enumerable.Range(2, shape.Rank - 2).Select(a => shape[a]).ToArray();
        if (spatial.All(d => d.IsKnown))
        {
            var mean = c.Op("Mul", c.OutputGrad(0)!, c.Constant(1f / spatial.Aggregate(1L, (a, d) => a * d.Value)));
            yield return mean;
            scaled = mean.Outputs[0];
        }
        else
        {
            // Spatial sizes chosen at run time (a fully convolutional model): divide by their product then.
            var sizes = c.Op("Slice", inputShape.Outputs[0], c.Constant(2L), c.Constant(long.MaxValue), c.Constant(0L));
            var count = c.Op("ReduceProd", sizes.Outputs[0]).With("keepdims", 0L);
            var countFloat = c.Op("Cast", count.Outputs[0]).With("to", (long)TensorElementType.Float);
            var mean = c.Op("Div", c.OutputGrad(0)!, countFloat.Outputs[0]);
            foreach (var node in new[] { sizes, count, countFloat, mean }) yield return node;
            scaled = mean.Outputs[0];
        }
        yield return c.Op("Expand", [scaled, inputShape.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>The gradient goes to every element equal to its channel's maximum (see the class summary on ties).</summary>
    public static IEnumerable<Node> GlobalMaxPool(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var isMax = c.Op("Equal", c.Input(0), c.Output(0));
        var mask = c.Op("Cast", isMax.Outputs[0]).With("to", (long)TensorElementType.Float);
        yield return isMax;
        yield return mask;
        // The (N, C, 1, 1) gradient broadcasts over the mask, which has the input's shape.
        yield return c.Op("Mul", [c.OutputGrad(0)!, mask.Outputs[0]], [c.InputGrad(0)]);
    }
}
