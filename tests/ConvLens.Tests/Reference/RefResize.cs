using ConvLens.Graph;

namespace ConvLens.Tests.Reference;

/// <summary>
/// Reference <c>Resize</c> (opset 11–19: scales or sizes, axes, keep_aspect_ratio_policy; nearest, linear
/// and cubic; every coordinate transform but tf_crop_and_resize; no antialias), in double from the spec:
/// each output element is the sum, over the product of every axis's taps, of the weighted input elements.
/// Taps outside the input take the edge element (cubic with exclude_outside drops them instead). One departure
/// from the spec, to agree with ONNX Runtime: a nearest axis of scale 1 is copied as it is.
/// </summary>
internal static class RefResize
{
    public static RefTensor Resize(Node node, RefTensor x, RefTensor? scalesT, RefTensor? sizesT)
    {
        if (node.Int("antialias", 0) != 0 && node.String("mode", "nearest") != "nearest")
            throw new NotSupportedException($"reference {node}: antialias");
        int rank = x.Rank;
        var axes = node.Ints("axes")?.Select(a => RefLayout.Axis(a, rank)).ToArray() ?? Enumerable.Range(0, rank).ToArray();
        var scale = Enumerable.Repeat(1.0, rank).ToArray();
        var output = (long[])x.Shape.Clone();
        if (scalesT is { ElementCount: > 0 })
            for (int k = 0; k < axes.Length; k++)
            {
                scale[axes[k]] = scalesT.Data[k];
                output[axes[k]] = (long)Math.Floor(x.Shape[axes[k]] * scalesT.Data[k]);
            }
        else
        {
            var sizes = sizesT?.ToLongs() ?? throw new ArgumentException($"reference {node}: neither scales nor sizes");
            var ratios = axes.Select((a, k) => (double)sizes[k] / x.Shape[a]).ToArray();
            string policy = node.String("keep_aspect_ratio_policy", "stretch");
            for (int k = 0; k < axes.Length; k++)
            {
                double s = policy switch { "not_larger" => ratios.Min(), "not_smaller" => ratios.Max(), _ => ratios[k] };
                scale[axes[k]] = s;
                output[axes[k]] = policy == "stretch" ? sizes[k] : (long)Math.Round(s * x.Shape[axes[k]], MidpointRounding.AwayFromZero);
            }
        }

        var taps = Enumerable.Range(0, rank).Select(a => Enumerable.Range(0, (int)output[a])
            .Select(o => Taps(node, o, scale[a], x.Shape[a], output[a])).ToArray()).ToArray();
        var y = new RefTensor(output);
        var strides = x.Strides;
        for (long flat = 0; flat < y.ElementCount; flat++)
        {
            var index = RefTensor.IndexOf(flat, output);
            y.Data[flat] = Sum(x, taps, index, strides, 0, 0, 1);
        }
        return y;
    }

    /// <summary>Sum over the taps of axes from <paramref name="axis"/> on, given the offset and weight of the axes before.</summary>
    private static double Sum(RefTensor x, (long Index, double Weight)[][][] taps, long[] index, long[] strides, int axis, long offset, double weight)
    {
        if (axis == x.Rank) return weight * x.Data[offset];
        double total = 0;
        foreach (var (i, w) in taps[axis][index[axis]])
            total += Sum(x, taps, index, strides, axis + 1, offset + i * strides[axis], weight * w);
        return total;
    }

    private static (long, double)[] Taps(Node node, long o, double scale, long input, long output)
    {
        // ONNX Runtime maps a nearest axis of scale 1 one-to-one, skipping the coordinate transform (which
        // would shift it under tf_half_pixel_for_nn with ceil rounding); the runtime is what gradients must match.
        if (scale == 1 && input == output && node.String("mode", "nearest") == "nearest") return [(o, 1)];
        double xo = node.String("coordinate_transformation_mode", "half_pixel") switch
        {
            "half_pixel" => (o + 0.5) / scale - 0.5,
            "half_pixel_symmetric" => input / 2.0 * (1 - output / (scale * input)) + (o + 0.5) / scale - 0.5,
            "pytorch_half_pixel" => output > 1 ? (o + 0.5) / scale - 0.5 : 0,
            "align_corners" => output == 1 ? 0 : o * (input - 1.0) / (output - 1),
            "asymmetric" => o / scale,
            "tf_half_pixel_for_nn" => (o + 0.5) / scale,
            var m => throw new NotSupportedException($"reference {node}: coordinate_transformation_mode '{m}'"),
        };
        long Clamp(long i) => Math.Clamp(i, 0, input - 1);
        long first = (long)Math.Floor(xo);
        double t = xo - first;
        switch (node.String("mode", "nearest"))
        {
            case "nearest":
                long nearest = node.String("nearest_mode", "round_prefer_floor") switch
                {
                    "round_prefer_floor" => t <= 0.5 ? first : first + 1,
                    "round_prefer_ceil" => t < 0.5 ? first : first + 1,
                    "floor" => first,
                    "ceil" => t > 0 ? first + 1 : first,
                    var m => throw new NotSupportedException($"reference {node}: nearest_mode '{m}'"),
                };
                return [(Clamp(nearest), 1)];
            case "linear":
                return [(Clamp(first), 1 - t), (Clamp(first + 1), t)];
            case "cubic":
                double a = node.Float("cubic_coeff_a", -0.75f);
                // Keys' kernel: |s| <= 1 and 1 < |s| < 2 pieces, at distances 1+t, t, 1-t, 2-t.
                double Kernel(double s) => s <= 1 ? (a + 2) * s * s * s - (a + 3) * s * s + 1 : a * s * s * s - 5 * a * s * s + 8 * a * s - 4 * a;
                var result = new[] { (first - 1, Kernel(1 + t)), (first, Kernel(t)), (first + 1, Kernel(1 - t)), (first + 2, Kernel(2 - t)) };
                if (node.Int("exclude_outside", 0) != 0)
                {
                    result = result.Select(p => p.Item1 < 0 || p.Item1 >= input ? (p.Item1, 0.0) : p).ToArray();
                    double sum = result.Sum(p => p.Item2);
                    result = result.Select(p => (p.Item1, p.Item2 / sum)).ToArray();
                }
                return result.Select(p => (Clamp(p.Item1), p.Item2)).ToArray();
            default:
                throw new NotSupportedException($"reference {node}: mode '{node.String("mode", "nearest")}'");
        }
    }
}
