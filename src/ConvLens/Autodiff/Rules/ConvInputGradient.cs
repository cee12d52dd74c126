using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The two forms of a convolution's input gradient, chosen by measurement (ORT 1.31, CPU). Stride 1: a
/// Conv of the output gradient with the kernels transposed (input and output channels swapped within
/// each group) and flipped spatially, 15–20% faster than ConvTranspose for layers of 16 or more input
/// channels, depthwise included. Otherwise a ConvTranspose with the forward weights: with a larger stride
/// the flipped Conv would first spread the gradient apart with zeros and multiply the zeros too (4–20×
/// slower at stride 2), and a gradient of few channels (an image's 3) misses ORT's blocked conv kernels
/// (the flipped Conv was 2.5–3.5× slower for 3 channels).
/// </summary>
internal static class ConvInputGradient
{
    /// <summary>Fewer input channels than this make ConvTranspose the faster form (see the class summary).</summary>
    private const long MinChannelsForFlippedKernel = 16;

    /// <summary>Whether the flipped-kernel Conv is the faster form for this layer.</summary>
    public static bool PrefersFlippedKernel(WindowGeometry g, TensorShape inputShape) =>
        g.Strides.All(s => s == 1) && inputShape[1].IsKnown && inputShape[1].Value >= MinChannelsForFlippedKernel;

    /// <summary>Stride 1: Conv(dY, flipped transposed W) with pads that make the result the input's size.</summary>
    public static IEnumerable<Node> FlippedKernelConv(GradientContext c, string dy, WindowGeometry g)
    {
        long group = c.Node.Int("group", 1);
        var weightShape = c.InputShape(1).ToLongs();
        var (weights, weightNodes) = FlippedWeights(c, weightShape, group);
        foreach (var node in weightNodes) yield return node;

        // A stride-1 conv reads input + begin + end - span + 1 outputs; padding the gradient by span-1-pad
        // on each side brings the flipped conv back to the input size. A pad wider than the kernel makes
        // that negative: pad with zero instead and crop the surplus afterwards.
        int rank = g.Rank;
        var pads = new long[2 * rank];
        var cropBegin = new long[rank];
        var cropEnd = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            long begin = g.Span(i) - 1 - g.PadBegin[i], end = g.Span(i) - 1 - g.PadEnd[i];
            pads[i] = Math.Max(begin, 0);
            pads[rank + i] = Math.Max(end, 0);
            cropBegin[i] = Math.Max(-begin, 0);
            cropEnd[i] = Math.Max(-end, 0);
        }
        bool crop = cropBegin.Any(v => v > 0) || cropEnd.Any(v => v > 0);
        var conv = c.Op("Conv", [dy, weights], [crop ? c.Temp("uncropped") : c.InputGrad(0)])
            .With("group", group).With("kernel_shape", g.Kernel).With("dilations", g.Dilations).With("pads", pads)
            .With("strides", Enumerable.Repeat(1L, rank).ToArray());
        yield return conv;
        if (crop)
        {
            var ends = cropEnd.Select(v => v > 0 ? -v : long.MaxValue).ToArray();
            yield return c.Op("Slice", [conv.Outputs[0], c.Constant(cropBegin), c.Constant(ends), c.Constant(g.SpatialAxes)], [c.InputGrad(0)]);
        }
    }

    /// <summary>Any stride: ConvTranspose(dY, W) with the forward attributes, sized to the input.</summary>
    public static IEnumerable<Node> TransposedConv(GradientContext c, string dy, WindowGeometry g)
    {
        var (pads, outputPadding) = g.TransposePads();
        yield return c.Op("ConvTranspose", [dy, c.Input(1)], [c.InputGrad(0)])
            .With("group", c.Node.Int("group", 1)).With("kernel_shape", g.Kernel).With("strides", g.Strides)
            .With("dilations", g.Dilations).With("pads", pads).With("output_padding", outputPadding);
    }

    /// <summary>
    /// W [M, C/g, k...] as W' [C, M/g, k...] with W'[g·C/g + c, m, k] = W[g·M/g + m, c, flipped k]: a constant
    /// computed now when W is an initializer (the usual case), else Reshape/Transpose/Slice nodes.
    /// </summary>
    private static (string Weights, IEnumerable<Node> Nodes) FlippedWeights(GradientContext c, long[] shape, long group)
    {
        long outChannels = shape[0], inPerGroup = shape[1], outPerGroup = outChannels / group;
        long taps = shape[2..].Aggregate(1L, (a, k) => a * k);
        long[] flippedShape = [group * inPerGroup, outPerGroup, .. shape[2..]];
        if (c.ConstantValue(c.Input(1)) is { } constant)
        {
            var w = constant.ToFloats();
            var flipped = new float[w.Length];
            for (long gi = 0; gi < group; gi++)
                for (long m = 0; m < outPerGroup; m++)
                    for (long ci = 0; ci < inPerGroup; ci++)
                    {
                        long from = ((gi * outPerGroup + m) * inPerGroup + ci) * taps;
                        long to = ((gi * inPerGroup + ci) * outPerGroup + m) * taps;
                        // Reversing every spatial axis of a row-major kernel reverses its flat index.
                        for (long t = 0; t < taps; t++) flipped[to + t] = w[from + taps - 1 - t];
                    }
            return (c.Constant(ConstTensor.FromFloats(flipped, flippedShape)), []);
        }
        return RuntimeFlippedWeights(c, shape, group, flippedShape);
    }

    private static (string, IEnumerable<Node>) RuntimeFlippedWeights(GradientContext c, long[] shape, long group, long[] flippedShape)
    {
        int spatial = shape.Length - 2;
        var grouped = c.Op("Reshape", c.Input(1), c.Constant([group, shape[0] / group, shape[1], .. shape[2..]]));
        long[] perm = [0, 2, 1, .. Enumerable.Range(3, spatial).Select(a => (long)a)];
        var swapped = c.Op("Transpose", grouped.Outputs[0]).With("perm", perm);
        var merged = c.Op("Reshape", swapped.Outputs[0], c.Constant(flippedShape));
        var reversed = c.Op("Slice", merged.Outputs[0],
            c.Constant(Enumerable.Repeat(-1L, spatial).ToArray()),
            c.Constant(Enumerable.Repeat(long.MinValue, spatial).ToArray()),
            c.Constant(Enumerable.Range(2, spatial).Select(a => (long)a).ToArray()),
            c.Constant(Enumerable.Repeat(-1L, spatial).ToArray()));
        return (reversed.Outputs[0], [grouped, swapped, merged, reversed]);
    }
}
