using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>Reference <c>Conv</c> and <c>ConvTranspose</c>: direct summation in double over every output, input channel and tap.</summary>
internal static class RefConvolution
{
    /// <summary>
    /// Y[n,m,o] = B[m] + sum over the group's channels c and taps k of X[n, c, o*stride - pad + k*dilation] * W[m, c, k],
    /// taps that land in the padding contributing nothing. The loops run tap by tap over whole output
    /// rows (same sums, another order) so that ResNet-sized checks stay quick.
    /// </summary>
    public static RefTensor Conv(Node node, RefTensor x, RefTensor w, RefTensor? bias)
    {
        long n = x.Shape[0], channels = x.Shape[1], filters = w.Shape[0], groupChannels = w.Shape[1];
        long group = node.Int("group", 1);
        if (channels != groupChannels * group) throw new ArgumentException($"reference {node}: {channels} channels vs weight {w}, group {group}");
        long filtersPerGroup = filters / group;
        var win = RefWindow.Of(node, x.Shape[RefWindow.LeadingAxes..], w.Shape[RefWindow.LeadingAxes..]);
        var (i, k, o) = (win.Input, win.Kernel, win.Output);
        var y = new RefTensor([n, filters, .. o[(3 - (x.Rank - RefWindow.LeadingAxes))..]]);
        long inPlane = i[0] * i[1] * i[2], kPlane = k[0] * k[1] * k[2], outPlane = o[0] * o[1] * o[2];
        double[] xd = x.Data, yd = y.Data;
        long strideX = win.Strides[2];
        for (long b = 0; b < n; b++)
            for (long m = 0; m < filters; m++)
            {
                long yBase = (b * filters + m) * outPlane;
                Array.Fill(yd, bias?.Data[m] ?? 0, (int)yBase, (int)outPlane);
                long firstChannel = m / filtersPerGroup * groupChannels;
                for (long c = 0; c < groupChannels; c++)
                {
                    long xBase = (b * channels + firstChannel + c) * inPlane, wBase = (m * groupChannels + c) * kPlane;
                    for (long kz = 0; kz < k[0]; kz++)
                        for (long ky = 0; ky < k[1]; ky++)
                            for (long kx = 0; kx < k[2]; kx++)
                            {
                                double weight = w.Data[wBase + (kz * k[1] + ky) * k[2] + kx];
                                var (z0, z1) = ValidOutputs(win, 0, kz);
                                var (y0, y1) = ValidOutputs(win, 1, ky);
                                var (x0, x1) = ValidOutputs(win, 2, kx);
                                for (long oz = z0; oz < z1; oz++)
                                    for (long oy = y0; oy < y1; oy++)
                                    {
                                        long iz = oz * win.Strides[0] - win.PadBegin[0] + kz * win.Dilations[0];
                                        long iy = oy * win.Strides[1] - win.PadBegin[1] + ky * win.Dilations[1];
                                        long inRow = xBase + (iz * i[1] + iy) * i[2] - win.PadBegin[2] + kx * win.Dilations[2];
                                        long outRow = yBase + (oz * o[1] + oy) * o[2];
                                        for (long ox = x0; ox < x1; ox++)
                                            yd[outRow + ox] += weight * xd[inRow + ox * strideX];
                                    }
                            }
                }
            }
        return y;
    }

    /// <summary>
    /// ConvTranspose: every input element X[n, c, i] adds X·W[c, m, k] to Y[n, group(c)·M/g + m, i·stride + k·dilation − pad_begin]
    /// where that lands inside the output. Output sizes from output_shape, else stride·(in−1) + output_padding + span − pads;
    /// with output_shape or SAME_* the total padding is split as ONNX Runtime 1.31 does: the odd element at the end for SAME_UPPER, else at the begin.
    /// </summary>
    public static RefTensor ConvTranspose(Node node, RefTensor x, RefTensor w, RefTensor? bias)
    {
        int spatial = x.Rank - RefWindow.LeadingAxes;
        long group = node.Int("group", 1), channels = x.Shape[1], perGroupOut = w.Shape[1], perGroupIn = channels / group;
        var kernel = w.Shape[RefWindow.LeadingAxes..];
        var strides = node.Ints("strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var dilations = node.Ints("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var outputPadding = node.Ints("output_padding") ?? new long[spatial];
        var pads = node.Ints("pads") ?? new long[2 * spatial];
        var outputShape = node.Ints("output_shape");
        string autoPad = node.String("auto_pad", "NOTSET");
        var begin = new long[spatial];
        var output = new long[spatial];
        for (int a = 0; a < spatial; a++)
        {
            long input = x.Shape[a + 2], span = (kernel[a] - 1) * dilations[a] + 1, full = strides[a] * (input - 1) + outputPadding[a] + span;
            long? target = outputShape is { Length: > 0 } ? outputShape[outputShape.Length - spatial + a]
                : autoPad is "SAME_UPPER" or "SAME_LOWER" ? input * strides[a] : null;
            if (target is { } size)
            {
                long total = Math.Max(0, full - size);
                begin[a] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                output[a] = outputShape is { Length: > 0 } ? size : full - total;
            }
            else
            {
                bool valid = autoPad == "VALID";
                begin[a] = valid ? 0 : pads[a];
                output[a] = full - (valid ? 0 : pads[a] + pads[spatial + a]);
            }
        }
        var y = new RefTensor([x.Shape[0], perGroupOut * group, .. output]);
        for (long flat = 0; flat < x.ElementCount; flat++)
        {
            var xi = RefTensor.IndexOf(flat, x.Shape);
            long c = xi[1], g = c / perGroupIn;
            for (long m = 0; m < perGroupOut; m++)
                for (long tap = 0; tap < kernel.Aggregate(1L, (p, k) => p * k); tap++)
                {
                    var k = RefTensor.IndexOf(tap, kernel);
                    var o = new long[spatial];
                    bool inside = true;
                    for (int a = 0; a < spatial && inside; a++)
                    {
                        o[a] = xi[a + 2] * strides[a] + k[a] * dilations[a] - begin[a];
                        inside = o[a] >= 0 && o[a] < output[a];
                    }
                    if (!inside) continue;
                    y[[xi[0], g * perGroupOut + m, .. o]] += x.Data[flat] * w[[c, m, .. k]];
                }
        }
        if (bias is not null)
            for (long flat = 0; flat < y.ElementCount; flat++) y.Data[flat] += bias.Data[RefTensor.IndexOf(flat, y.Shape)[1]];
        return y;
    }

    /// <summary>The outputs [first, end) along <paramref name="axis"/> whose tap <paramref name="tap"/> falls inside the input, not the padding.</summary>
    private static (long First, long End) ValidOutputs(RefWindow win, int axis, long tap)
    {
        long offset = tap * win.Dilations[axis] - win.PadBegin[axis], stride = win.Strides[axis];
        // offset + o * stride must lie in [0, input): o >= ceil(-offset / stride), o <= floor((input - 1 - offset) / stride).
        long first = Math.Max(0, CeilDiv(-offset, stride));
        long end = Math.Min(win.Output[axis], FloorDiv(win.Input[axis] - 1 - offset, stride) + 1);
        return (first, Math.Max(first, end));
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
