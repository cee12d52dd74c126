using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The forms of the pooling gradients, each used where it measured fastest in ORT 1.31 (CPU): nearest
/// upsampling (Resize) for windows that tile the input, max and average alike; for other max pools a
/// one-hot tap Conv, a first-maximum mask and a ConvTranspose; for stride-1 average pools an AveragePool of the scaled
/// gradient; for other average pools a depthwise ConvTranspose. Also the averaging divisors ORT uses.
/// </summary>
internal static class PoolGradientForms
{
    /// <summary>Windows that tile the input: stride = kernel, no padding or dilation, and none past the end.</summary>
    public static bool IsTiling(WindowGeometry g) => Enumerable.Range(0, g.Rank).All(i =>
        g.Strides[i] == g.Kernel[i] && g.Dilations[i] == 1 && g.PadBegin[i] == 0 && g.PadEnd[i] == 0
        && g.Output[i] * g.Kernel[i] <= g.Input[i]);

    /// <summary>Stride 1 and no dilation along every axis.</summary>
    public static bool IsUnitStride(WindowGeometry g) => g.Strides.All(s => s == 1) && g.Dilations.All(d => d == 1);

    /// <summary>Tiling windows: every tap of a window gets 1/taps of its gradient (all taps are inside the input).</summary>
    public static IEnumerable<Node> AveragePoolTiling(GradientContext c, string dy, WindowGeometry g)
    {
        var covered = Covered(g);
        bool remainder = covered.Zip(g.Input).Any(p => p.First < p.Second);
        var scaled = c.Op("Mul", dy, c.Constant(1f / g.Kernel.Aggregate(1L, (a, k) => a * k)));
        var up = Upsample(c, scaled.Outputs[0], g, remainder ? null : c.InputGrad(0));
        yield return scaled;
        yield return up;
        if (remainder) yield return PadToInput(c, up.Outputs[0], g, covered);
    }

    /// <summary>
    /// Stride 1: spreading each window's share over its taps is the same as averaging, at every input
    /// position, the shares of the windows covering it: an AveragePool (count_include_pad, whose divisor
    /// is then the full kernel, folded into the shares) of the scaled gradient, padded by kernel−1−pad.
    /// </summary>
    public static IEnumerable<Node> AveragePoolUnitStride(GradientContext c, string dy, WindowGeometry g, bool includePad)
    {
        float taps = g.Kernel.Aggregate(1L, (a, k) => a * k);
        var shares = InverseDivisors(g, includePad, taps);
        var scaled = c.Op("Mul", dy, c.Constant(shares));
        yield return scaled;
        long[] pads = [.. g.Kernel.Select((k, i) => k - 1 - g.PadBegin[i]), .. g.Kernel.Select((k, i) => k - 1 - g.PadEnd[i])];
        yield return c.Op("AveragePool", [scaled.Outputs[0]], [c.InputGrad(0)])
            .With("kernel_shape", g.Kernel).With("pads", pads).With("count_include_pad", 1L);
    }

    /// <summary>Any other windows: a depthwise ConvTranspose with a kernel of ones spreads each window's share over its taps.</summary>
    public static IEnumerable<Node> AveragePoolWindows(GradientContext c, string dy, WindowGeometry g, bool includePad)
    {
        var scaled = c.Op("Mul", dy, c.Constant(InverseDivisors(g, includePad)));
        yield return scaled;
        long channels = StaticChannels(c);
        var ones = Enumerable.Repeat(1f, (int)(channels * g.Kernel.Aggregate(1L, (a, k) => a * k))).ToArray();
        var weights = c.Constant(ConstTensor.FromFloats(ones, [channels, 1, .. g.Kernel]));
        yield return SpreadOverWindows(c, scaled.Outputs[0], weights, channels, g, c.InputGrad(0));
    }

    /// <summary>
    /// Any windows (overlapping, padded, dilated, ceil_mode). A depthwise Conv with one-hot kernels lays
    /// out every window's taps as channels (C·taps of them, one Conv instead of a strided Slice per tap,
    /// which measured 2× slower); comparing them with Y gives a mask of the taps holding their window's
    /// maximum, of which only the first in row-major window order keeps its window's gradient (an
    /// exclusive CumSum over the taps counts the maxima before each). That is PyTorch's convention and
    /// ORT's MaxPool Indices: with tied maxima a mask alone would pay the window's gradient once per tie,
    /// and ties are common here, because an overlapping max pool repeats a value in neighbouring outputs
    /// that the next pool's windows then share (GoogLeNet's stride-2 pools, then its 3×3/1 branch pools).
    /// Padding taps read 0, so they are masked out before counting. The routed gradients go back to the
    /// input through the transposed Conv (ConvTranspose with the same kernels), which sums over overlapping
    /// windows. Only standard opset-13 operators. The count costs time: this backward measured 1.3–1.6×
    /// the plain mask's on 3×3 pools (ORT 1.31 CPU); an ArgMax over the taps measured no faster.
    /// </summary>
    public static IEnumerable<Node> MaxPoolWindows(GradientContext c, string dy, WindowGeometry g)
    {
        int rank = g.Rank;
        long channels = StaticChannels(c);
        long taps = g.Kernel.Aggregate(1L, (a, k) => a * k);
        var oneHot = new float[channels * taps * taps];
        for (long ch = 0; ch < channels; ch++)
            for (long t = 0; t < taps; t++)
                oneHot[(ch * taps + t) * taps + t] = 1f;
        var weights = c.Constant(ConstTensor.FromFloats(oneHot, [channels * taps, 1, .. g.Kernel]));

        // The end padding covers ceil_mode windows that run past the input (and never shortens the output).
        var padEnd = Enumerable.Range(0, rank).Select(i => Math.Max(0, (g.Output[i] - 1) * g.Strides[i] + g.Span(i) - g.PadBegin[i] - g.Input[i])).ToArray();
        var gathered = c.Op("Conv", c.Input(0), weights)
            .With("group", channels).With("kernel_shape", g.Kernel).With("strides", g.Strides)
            .With("dilations", g.Dilations).With("pads", [.. g.PadBegin, .. padEnd]);
        // (N, C·taps, out...) ↔ (N, C, taps, out...): Reshape's 0 keeps the symbolic batch size.
        var byTap = c.Op("Reshape", gathered.Outputs[0], c.Constant([0, channels, taps, .. g.Output]));
        var yLifted = c.Unsqueeze(c.Output(0), [2], c.Temp("y"));
        var dyLifted = c.Unsqueeze(dy, [2], c.Temp("dy"));
        var isMax = c.Op("Equal", byTap.Outputs[0], yLifted.Outputs[0]);
        var mask = c.Op("Cast", isMax.Outputs[0]).With("to", (long)TensorElementType.Float);
        foreach (var node in new[] { gathered, byTap, yLifted, dyLifted, isMax, mask }) yield return node;
        var maxima = mask.Outputs[0];
        if (InsideTaps(g, padEnd) is { } inside)
        {
            var real = c.Op("Mul", maxima, c.Constant(inside));
            yield return real;
            maxima = real.Outputs[0];
        }
        // Counts of 0..taps are exact in float32; "no maximum before this tap" is a count below one half.
        var before = c.Op("CumSum", maxima, c.Constant(ConstTensor.FromInt64s([2]))).With("exclusive", 1L);
        var none = c.Op("Less", before.Outputs[0], c.Constant(0.5f));
        var noneFloat = c.Op("Cast", none.Outputs[0]).With("to", (long)TensorElementType.Float);
        var first = c.Op("Mul", maxima, noneFloat.Outputs[0]);
        var routed = c.Op("Mul", first.Outputs[0], dyLifted.Outputs[0]);
        var flat = c.Op("Reshape", routed.Outputs[0], c.Constant([0, channels * taps, .. g.Output]));
        foreach (var node in new[] { before, none, noneFloat, first, routed, flat }) yield return node;
        yield return SpreadOverWindows(c, flat.Outputs[0], weights, channels, g, c.InputGrad(0));
    }

    /// <summary>
    /// 1 for each (tap, window) whose tap lies inside the input and 0 for one in the padding (or past the
    /// end, under ceil_mode), shaped (taps, out...) to broadcast over batch and channels; null when no
    /// window has a padding tap.
    /// </summary>
    private static ConstTensor? InsideTaps(WindowGeometry g, long[] padEnd)
    {
        if (g.PadBegin.All(p => p == 0) && padEnd.All(p => p == 0)) return null;
        long taps = g.Kernel.Aggregate(1L, (a, k) => a * k), windows = g.Output.Aggregate(1L, (a, o) => a * o);
        var inside = new float[taps * windows];
        for (long t = 0; t < taps; t++)
            for (long w = 0; w < windows; w++)
            {
                bool all = true;
                long tapRest = t, windowRest = w;
                for (int i = g.Rank - 1; i >= 0; i--)
                {
                    long at = windowRest % g.Output[i] * g.Strides[i] - g.PadBegin[i] + tapRest % g.Kernel[i] * g.Dilations[i];
                    all &= at >= 0 && at < g.Input[i];
                    tapRest /= g.Kernel[i];
                    windowRest /= g.Output[i];
                }
                inside[t * windows + w] = all ? 1f : 0f;
            }
        return ConstTensor.FromFloats(inside, [taps, .. g.Output]);
    }

    /// <summary>Input extent covered by whole tiling windows, per axis.</summary>
    private static long[] Covered(WindowGeometry g) => Enumerable.Range(0, g.Rank).Select(i => g.Output[i] * g.Kernel[i]).ToArray();

    /// <summary>Nearest-neighbour upsampling by the kernel size: each window's value repeated over its taps.</summary>
    private static Node Upsample(GradientContext c, string value, WindowGeometry g, string? output = null)
    {
        var scales = c.Constant(ConstTensor.FromFloats([1f, 1f, .. g.Kernel.Select(k => (float)k)], g.Rank + 2));
        return c.Op("Resize", [value, "", scales], [output ?? c.Temp("upsampled")])
            .With("mode", "nearest").With("coordinate_transformation_mode", "asymmetric").With("nearest_mode", "floor");
    }

    /// <summary>Zeros after the covered extent, for the input rows no tiling window reached.</summary>
    private static Node PadToInput(GradientContext c, string value, WindowGeometry g, long[] covered)
    {
        long[] pads = [0, 0, .. new long[g.Rank], 0, 0, .. covered.Zip(g.Input).Select(p => p.Second - p.First)];
        return c.Op("Pad", [value, c.Constant(pads)], [c.InputGrad(0)]).With("mode", "constant");
    }

    /// <summary>A depthwise ConvTranspose (group = channels) of one value per window back onto the input grid.</summary>
    public static Node SpreadOverWindows(GradientContext c, string perWindow, string weights, long channels, WindowGeometry g, string output)
    {
        var (pads, outputPadding) = g.TransposePads();
        return c.Op("ConvTranspose", [perWindow, weights], [output])
            .With("group", channels).With("kernel_shape", g.Kernel).With("strides", g.Strides)
            .With("dilations", g.Dilations).With("pads", pads).With("output_padding", outputPadding);
    }

    /// <summary>
    /// 1/divisor of each AveragePool window, shaped (out...) to broadcast over batch and channels. ORT
    /// (1.31) divides by the taps inside the input, or with count_include_pad by the taps inside the padded
    /// input (a ceil_mode window past the end padding counts only the taps before it); 0 for a window
    /// entirely in padding, whose output ORT leaves 0.
    /// </summary>
    public static ConstTensor InverseDivisors(WindowGeometry g, bool includePad, float scale = 1f)
    {
        var perAxis = new (long Inside, long InPadded)[g.Rank][];
        for (int i = 0; i < g.Rank; i++)
        {
            perAxis[i] = new (long, long)[g.Output[i]];
            for (long p = 0; p < g.Output[i]; p++)
            {
                long inside = 0, inPadded = 0;
                for (long t = 0; t < g.Kernel[i]; t++)
                {
                    long at = p * g.Strides[i] - g.PadBegin[i] + t * g.Dilations[i];
                    if (at >= 0 && at < g.Input[i]) inside++;
                    if (at < g.Input[i] + g.PadEnd[i]) inPadded++;
                }
                perAxis[i][p] = (inside, inPadded);
            }
        }
        long count = g.Output.Aggregate(1L, (a, o) => a * o);
        var inverse = new float[count];
        for (long flat = 0; flat < count; flat++)
        {
            long rest = flat, inside = 1, inPadded = 1;
            for (int i = g.Rank - 1; i >= 0; i--)
            {
                var (a, b) = perAxis[i][rest % g.Output[i]];
                rest /= g.Output[i];
                inside *= a;
                inPadded *= b;
            }
            inverse[flat] = inside == 0 ? 0f : scale / (includePad ? inPadded : inside);
        }
        return ConstTensor.FromFloats(inverse, g.Output);
    }

    /// <summary>The channel count of input 0, which the depthwise ConvTranspose needs as its group.</summary>
    public static long StaticChannels(GradientContext c)
    {
        var shape = c.InputShape(0);
        return shape[1].IsKnown ? shape[1].Value
            : throw new ConvLensException($"cannot differentiate {c.Node}: the channel count of '{c.Input(0)}' {shape} must be static");
    }

    /// <summary>Zeros of <paramref name="like"/>'s run-time shape.</summary>
    public static IEnumerable<Node> Zeros(GradientContext c, string like, string output)
    {
        var shape = c.Op("Shape", like);
        yield return shape;
        yield return c.Op("ConstantOfShape", [shape.Outputs[0]], [output]).With("value", NodeAttribute.Of(ConstTensor.FromFloats([0f], 1)));
    }
}
