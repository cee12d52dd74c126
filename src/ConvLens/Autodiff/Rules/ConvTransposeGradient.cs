using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The gradient of ConvTranspose. Input i's value is spread to outputs i·stride + k·dilation − pad_begin
/// with weight W[c, m, k]; collecting those outputs back is a Conv of dY with the same weights, strides,
/// dilations, group and begin padding (W [C, M/g, k...] is exactly a Conv weight from M to C channels).
/// Its end padding is chosen so the Conv returns the input's size; output rows that no input reached
/// (output_padding, a larger output_shape) are cropped first. Bias: dY summed; weights: refused, as for Conv.
/// </summary>
internal static class ConvTransposeGradient
{
    public static IEnumerable<Node> Emit(GradientContext c)
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
        var kernel = weightShape.ToLongs()[2..];
        int spatial = kernel.Length;
        var input = Spatial(c, c.InputShape(0), c.Input(0), spatial);
        var output = Spatial(c, c.OutputShape(0), c.Output(0), spatial);
        var strides = c.Node.Ints("strides") ?? Ones(spatial);
        var dilations = c.Node.Ints("dilations") ?? Ones(spatial);
        var padBegin = PadBegin(c, input, kernel, strides, dilations);

        var pads = new long[2 * spatial];
        var cropEnd = new long[spatial];
        for (int i = 0; i < spatial; i++)
        {
            long span = (kernel[i] - 1) * dilations[i] + 1;
            // The Conv yields floor((out + begin + end - span) / stride) + 1 values; the least end giving exactly `input`.
            long end = strides[i] * (input[i] - 1) + span - output[i] - padBegin[i];
            pads[i] = padBegin[i];
            pads[spatial + i] = Math.Max(end, 0);
            cropEnd[i] = Math.Max(-end, 0);
        }
        if (cropEnd.Any(v => v > 0))
        {
            var axes = Enumerable.Range(2, spatial).Select(a => (long)a).ToArray();
            var cropped = c.Op("Slice", dy, c.Constant(new long[spatial]), c.Constant(output.Zip(cropEnd, (o, e) => o - e).ToArray()), c.Constant(axes));
            yield return cropped;
            dy = cropped.Outputs[0];
        }
        yield return c.Op("Conv", [dy, c.Input(1)], [c.InputGrad(0)])
            .With("group", c.Node.Int("group", 1)).With("kernel_shape", kernel).With("strides", strides)
            .With("dilations", dilations).With("pads", pads);
    }

    /// <summary>
    /// The begin padding as ONNX Runtime 1.31 resolves it: explicit pads; or, with output_shape or SAME_*,
    /// the total padding split with the odd element at the end for SAME_UPPER (as the spec's auto_pad says)
    /// and at the begin otherwise, output_shape without auto_pad included (older runtimes split the other way).
    /// </summary>
    private static long[] PadBegin(GradientContext c, long[] input, long[] kernel, long[] strides, long[] dilations)
    {
        int spatial = input.Length;
        string autoPad = c.Node.String("auto_pad", "NOTSET");
        var outputShape = c.Node.Ints("output_shape");
        var outputPadding = c.Node.Ints("output_padding") ?? new long[spatial];
        var begin = new long[spatial];
        for (int i = 0; i < spatial; i++)
        {
            long? target = outputShape is { Length: > 0 } ? outputShape[outputShape.Length - spatial + i]
                : autoPad is "SAME_UPPER" or "SAME_LOWER" ? input[i] * strides[i] : null;
            if (target is not { } size)
            {
                if (autoPad is not ("NOTSET" or "" or "VALID"))
                    throw new ConvLensException($"cannot differentiate {c.Node}: unknown auto_pad '{autoPad}' (expected NOTSET, VALID, SAME_UPPER or SAME_LOWER)");
                begin[i] = autoPad == "VALID" ? 0 : (c.Node.Ints("pads") ?? new long[2 * spatial])[i];
                continue;
            }
            long total = Math.Max(0, (input[i] - 1) * strides[i] + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1 - size);
            begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
        }
        return begin;
    }

    private static long[] Spatial(GradientContext c, TensorShape shape, string value, int spatial)
    {
        if (shape.Rank != spatial + 2 || Enumerable.Range(2, spatial).Any(a => !shape[a].IsKnown))
            throw new ConvLensException($"cannot differentiate {c.Node}: '{value}' {shape} must have {spatial} static spatial sizes after batch and channels");
        return Enumerable.Range(2, spatial).Select(a => shape[a].Value).ToArray();
    }

    private static long[] Ones(int rank) => Enumerable.Repeat(1L, rank).ToArray();
}
