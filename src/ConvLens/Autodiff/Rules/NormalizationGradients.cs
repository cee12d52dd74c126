using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// Gradient rules of BatchNormalization (inference mode, with respect to the data input) and LRN
/// (exact, the cross-channel term included).
/// </summary>
internal static class NormalizationGradients
{
    /// <summary>
    /// Inference mode, y = scale·(x − mean)/√(var + ε) + B, so dx = dy·scale/√(var + ε), one factor
    /// per channel, broadcast from axis 1. The factor is computed now when scale and var are
    /// initializers (they are in every CNN), else by nodes. Scale, B, mean and var get no gradient.
    /// </summary>
    public static IEnumerable<Node> BatchNormalization(GradientContext c)
    {
        if (c.Node.Int("training_mode", 0) != 0)
            throw new ConvLensException($"cannot differentiate {c.Node}: it is in training mode (batch statistics); export the model for inference");
        for (int i = 1; i < 5; i++)
            if (c.NeedsInputGrad(i))
                throw new ConvLensException($"cannot differentiate {c.Node} with respect to '{c.Input(i)}': only the data input has a BatchNormalization gradient");
        if (!c.NeedsInputGrad(0)) yield break;

        float epsilon = c.Node.Float("epsilon", 1e-5f);
        int rank = c.InputShape(0).Rank;
        string scale = c.Input(1), variance = c.Input(4);
        string factor;
        if (c.ConstantValue(scale) is { } scaleValue && c.ConstantValue(variance) is { } varianceValue)
        {
            float[] s = scaleValue.ToFloats(), v = varianceValue.ToFloats();
            if (s.Length != v.Length)
                throw new ConvLensException($"{c.Node}: scale '{scale}' has {s.Length} values but var '{variance}' has {v.Length}");
            var perChannel = new float[s.Length];
            for (int i = 0; i < s.Length; i++) perChannel[i] = (float)(s[i] / Math.Sqrt((double)v[i] + epsilon));
            // Trailing ones align the channel axis with axis 1 of the input under broadcasting.
            factor = c.Constant(ConstTensor.FromFloats(perChannel, BroadcastDims(scaleValue.Dims, rank)));
        }
        else
        {
            var shifted = c.Op("Add", variance, c.Constant(epsilon));
            yield return shifted;
            var deviation = c.Op("Sqrt", shifted.Outputs[0]);
            yield return deviation;
            var ratio = c.Op("Div", scale, deviation.Outputs[0]);
            yield return ratio;
            factor = ratio.Outputs[0];
            int scaleRank = c.ShapeOf(scale)?.Rank ?? 1;
            if (rank - 1 > scaleRank)
            {
                var axes = Enumerable.Range(scaleRank, rank - 1 - scaleRank).Select(a => (long)a).ToArray();
                var unsqueeze = c.Unsqueeze(factor, axes, c.Temp("factor"));
                yield return unsqueeze;
                factor = unsqueeze.Outputs[0];
            }
        }
        yield return c.Op("Mul", [c.OutputGrad(0)!, factor], [c.InputGrad(0)]);
    }

    /// <summary>
    /// ONNX LRN: y = x·d^(−β), d = bias + (α/size)·S, S[c] = Σ x[i]² over the window
    /// i ∈ [c − lo, c + hi], lo = ⌊(size−1)/2⌋, hi = ⌈(size−1)/2⌉. Each x[j] appears in its own
    /// denominator and in those of its neighbours, so
    /// dx[j] = dy[j]/d[j]^β − (2αβ/size)·x[j]·Σ dy[c]·y[c]/d[c] over c ∈ [j − hi, j + lo]
    /// (the transposed window: lo and hi swap, which matters for an even size — though ORT itself
    /// runs LRN only with an odd size, on 4-D inputs).
    /// </summary>
    public static IEnumerable<Node> Lrn(GradientContext c)
    {
        if (!c.Node.Attributes.ContainsKey("size"))
            throw new ConvLensException($"{c.Node} has no 'size' attribute, which ONNX requires of LRN");
        long size = c.Node.Int("size", 1);
        float alpha = c.Node.Float("alpha", 1e-4f), beta = c.Node.Float("beta", 0.75f), bias = c.Node.Float("bias", 1f);
        long lo = (size - 1) / 2, hi = size - 1 - lo;
        string x = c.Input(0), y = c.Output(0), dy = c.OutputGrad(0)!;
        int rank = c.InputShape(0).Rank;

        // The forward op keeps d to itself, so it is recomputed: d = bias + (α/size)·window(x²).
        var square = c.Op("Mul", x, x);
        yield return square;
        var (squareSum, squareSumNodes) = ChannelWindowSum(c, square.Outputs[0], rank, size, lo, hi);
        foreach (var node in squareSumNodes) yield return node;
        var scaled = c.Op("Mul", squareSum, c.Constant(alpha / size));
        yield return scaled;
        var denominator = c.Op("Add", scaled.Outputs[0], c.Constant(bias));
        yield return denominator;
        var d = denominator.Outputs[0];

        var (power, powerNodes) = Power(c, d, beta);
        foreach (var node in powerNodes) yield return node;
        var direct = c.Op("Div", dy, power);
        yield return direct;

        // y/d = x·d^(−β−1): the neighbours' term reuses y instead of a second Pow.
        var dyTimesY = c.Op("Mul", dy, y);
        yield return dyTimesY;
        var perDenominator = c.Op("Div", dyTimesY.Outputs[0], d);
        yield return perDenominator;
        var (neighbourSum, neighbourNodes) = ChannelWindowSum(c, perDenominator.Outputs[0], rank, size, hi, lo);
        foreach (var node in neighbourNodes) yield return node;
        var weighted = c.Op("Mul", neighbourSum, c.Constant(2f * alpha * beta / size));
        yield return weighted;
        var cross = c.Op("Mul", x, weighted.Outputs[0]);
        yield return cross;
        yield return c.Op("Sub", [direct.Outputs[0], cross.Outputs[0]], [c.InputGrad(0)]);
    }

    /// <summary>
    /// out[c] = Σ in[i] for i ∈ [c − before, c + after] along axis 1 (zero outside): Pad the channel axis
    /// with zeros, then Sum <paramref name="size"/> shifted Slices. Measured against a 1×1 Conv by a
    /// banded C×C ones matrix, a ones-kernel Conv and an AveragePool over a [N,1,C,H·W] view on AlexNet
    /// and GoogLeNet LRN shapes, it was the fastest or within noise of the banded Conv (whose cost grows
    /// with C²), and several times faster than ORT's own LRN forward; it needs no weights, works for
    /// any rank and does not need the channel count statically.
    /// </summary>
    private static (string Value, List<Node> Nodes) ChannelWindowSum(GradientContext c, string input, int rank, long size, long before, long after)
    {
        var nodes = new List<Node>();
        var pads = new long[2 * rank];
        pads[1] = before;
        pads[rank + 1] = after;
        var padded = c.Op("Pad", input, c.Constant(pads));
        nodes.Add(padded);
        var slices = new List<string>();
        for (long k = 0; k < size; k++)
        {
            // The padded axis is C + size − 1 long: slice k is [k, k + C), its end counted from the back.
            long end = k == size - 1 ? long.MaxValue : k - (size - 1);
            var slice = c.Op("Slice", padded.Outputs[0], c.Constant([k]), c.Constant([end]), c.Constant([1L]));
            nodes.Add(slice);
            slices.Add(slice.Outputs[0]);
        }
        if (slices.Count == 1) return (slices[0], nodes);
        var sum = c.Op("Sum", slices.ToArray());
        nodes.Add(sum);
        return (sum.Outputs[0], nodes);
    }

    /// <summary>
    /// d^β for d &gt; 0. ORT's Pow calls pow() per element; for β = 0.75 (every LRN CNN: AlexNet,
    /// CaffeNet, GoogLeNet) √d·√√d was measured 4–8× faster, and e^(β·ln d) 1.5× faster for other β.
    /// </summary>
    private static (string Value, List<Node> Nodes) Power(GradientContext c, string d, float beta)
    {
        if (beta == 1f) return (d, []);
        if (beta is 0.5f or 0.75f)
        {
            var root = c.Op("Sqrt", d);
            if (beta == 0.5f) return (root.Outputs[0], [root]);
            var fourthRoot = c.Op("Sqrt", root.Outputs[0]);
            var product = c.Op("Mul", root.Outputs[0], fourthRoot.Outputs[0]);
            return (product.Outputs[0], [root, fourthRoot, product]);
        }
        var log = c.Op("Log", d);
        var scaled = c.Op("Mul", log.Outputs[0], c.Constant(beta));
        var exp = c.Op("Exp", scaled.Outputs[0]);
        return (exp.Outputs[0], [log, scaled, exp]);
    }

    /// <summary><paramref name="dims"/> followed by ones up to rank − 1, so the tensor broadcasts from axis 1.</summary>
    private static long[] BroadcastDims(long[] dims, int rank) =>
        dims.Concat(Enumerable.Repeat(1L, Math.Max(0, rank - 1 - dims.Length))).ToArray();
}
