using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Per spatial axis, the sliding-window geometry of a Conv, MaxPool or AveragePool node as ONNX Runtime
/// runs it: input sizes from the static shape, explicit pads (auto_pad resolved) and output sizes by the
/// runtime kernels' rule. That rule is recomputed rather than read from shape inference because the two
/// disagree under ceil_mode: ORT 1.31's kernels drop a last window that would start inside the end
/// padding (as PyTorch does), while its shape inference still counts it.
/// </summary>
internal sealed class WindowGeometry
{
    private WindowGeometry(long[] input, long[] output, long[] kernel, long[] strides, long[] dilations, long[] padBegin, long[] padEnd)
    {
        Input = input;
        Output = output;
        Kernel = kernel;
        Strides = strides;
        Dilations = dilations;
        PadBegin = padBegin;
        PadEnd = padEnd;
    }

    public long[] Input { get; }

    public long[] Output { get; }

    public long[] Kernel { get; }

    public long[] Strides { get; }

    public long[] Dilations { get; }

    public long[] PadBegin { get; }

    public long[] PadEnd { get; }

    /// <summary>Number of spatial axes.</summary>
    public int Rank => Input.Length;

    /// <summary>Axes of the spatial dimensions in the NC... tensor (2, 3, ...).</summary>
    public long[] SpatialAxes => Enumerable.Range(2, Rank).Select(a => (long)a).ToArray();

    /// <summary>Extent of the dilated kernel along <paramref name="axis"/>.</summary>
    public long Span(int axis) => (Kernel[axis] - 1) * Dilations[axis] + 1;

    /// <summary>The geometry of the node in <paramref name="c"/> (input 0, output 0) for a kernel of spatial size <paramref name="kernel"/>.</summary>
    /// <exception cref="ConvLensException">A spatial size is not static, or auto_pad has an unknown value.</exception>
    public static WindowGeometry Of(GradientContext c, long[] kernel)
    {
        int rank = kernel.Length;
        var input = SpatialSizes(c, c.InputShape(0), c.Input(0), rank);
        var output = new long[rank];
        bool ceilMode = c.Node.Int("ceil_mode", 0) != 0;
        var strides = c.Node.Ints("strides") ?? Ones(rank);
        var dilations = c.Node.Ints("dilations") ?? Ones(rank);
        var pads = c.Node.Ints("pads") ?? new long[2 * rank];
        var begin = pads[..rank];
        var end = pads[rank..];
        string autoPad = c.Node.String("auto_pad", "NOTSET");
        for (int i = 0; i < rank; i++)
        {
            long span = (kernel[i] - 1) * dilations[i] + 1;
            switch (autoPad)
            {
                case "NOTSET" or "":
                    long room = input[i] + begin[i] + end[i] - span;
                    output[i] = (ceilMode ? (room + strides[i] - 1) / strides[i] : room / strides[i]) + 1;
                    if (ceilMode && (output[i] - 1) * strides[i] >= input[i] + begin[i]) output[i]--;
                    break;
                case "VALID":
                    begin[i] = end[i] = 0;
                    output[i] = (input[i] - span) / strides[i] + 1;
                    break;
                case "SAME_UPPER" or "SAME_LOWER":
                    // ONNX: the total padding makes the output ceil(input / stride); SAME_UPPER puts the odd pixel at the end.
                    output[i] = (input[i] + strides[i] - 1) / strides[i];
                    long total = Math.Max(0, (output[i] - 1) * strides[i] + span - input[i]);
                    begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                    break;
                default:
                    throw new ConvLensException($"cannot differentiate {c.Node}: unknown auto_pad '{autoPad}' (expected NOTSET, VALID, SAME_UPPER or SAME_LOWER)");
            }
        }
        return new WindowGeometry(input, output, kernel, strides, dilations, begin, end);
    }

    /// <summary>
    /// Pads and output_padding of a ConvTranspose with this node's strides and dilations that maps the
    /// output grid back onto the input: every window tap lands on the input position it read, taps in
    /// the padding (or past the end, under ceil_mode) are cropped, and input rows no window reached get zero.
    /// </summary>
    public (long[] Pads, long[] OutputPadding) TransposePads()
    {
        var pads = new long[2 * Rank];
        var outputPadding = new long[Rank];
        for (int i = 0; i < Rank; i++)
        {
            pads[i] = PadBegin[i];
            // A ConvTranspose writes (out-1)·stride + span positions; crop the begin padding, then crop or extend the end to the input size.
            long excess = (Output[i] - 1) * Strides[i] + Span(i) - PadBegin[i] - Input[i];
            if (excess >= 0) pads[Rank + i] = excess;
            else outputPadding[i] = -excess;
        }
        return (pads, outputPadding);
    }

    private static long[] SpatialSizes(GradientContext c, TensorShape shape, string value, int rank)
    {
        if (shape.Rank != rank + 2)
            throw new ConvLensException($"cannot differentiate {c.Node}: '{value}' has shape {shape}, expected {rank} spatial axes after batch and channels");
        var sizes = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            var dim = shape[i + 2];
            sizes[i] = dim.IsKnown ? dim.Value
                : throw new ConvLensException($"cannot differentiate {c.Node}: spatial size {i} of '{value}' {shape} must be static (give the model a fixed input size)");
        }
        return sizes;
    }

    private static long[] Ones(int rank) => Enumerable.Repeat(1L, rank).ToArray();
}
