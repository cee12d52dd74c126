using ConvLens.Graph;

namespace ConvLens.Autodiff.Rules;

/// <summary>
/// The interpolation of one Resize node along one axis as a matrix A [out, in] with y = A·x: ONNX
/// Resize (opset 11–19) is separable, each axis resampled independently by the same 1-D rule.
/// Coordinates are computed in float32 as ONNX Runtime computes them, so that rounding ties of nearest
/// and the weights of linear and cubic land where the runtime's do.
/// </summary>
internal sealed class ResizeInterpolation
{
    private ResizeInterpolation(string mode, string coordinates, string nearestMode, float cubicA, bool excludeOutside)
    {
        Mode = mode;
        Coordinates = coordinates;
        NearestMode = nearestMode;
        CubicA = cubicA;
        ExcludeOutside = excludeOutside;
    }

    /// <summary>nearest, linear or cubic.</summary>
    public string Mode { get; }

    /// <summary>The coordinate_transformation_mode.</summary>
    public string Coordinates { get; }

    /// <summary>How nearest rounds a coordinate.</summary>
    public string NearestMode { get; }

    /// <summary>The cubic kernel's parameter a.</summary>
    public float CubicA { get; }

    /// <summary>Whether cubic taps outside the input get weight 0 (the rest renormalised) instead of the edge value.</summary>
    public bool ExcludeOutside { get; }

    /// <summary>The interpolation settings of <paramref name="node"/>.</summary>
    /// <exception cref="ConvLensException">A mode the matrix form does not cover (tf_crop_and_resize, an unknown name).</exception>
    public static ResizeInterpolation Of(Node node)
    {
        var result = new ResizeInterpolation(node.String("mode", "nearest"), node.String("coordinate_transformation_mode", "half_pixel"),
            node.String("nearest_mode", "round_prefer_floor"), node.Float("cubic_coeff_a", -0.75f), node.Int("exclude_outside", 0) != 0);
        if (result.Mode is not ("nearest" or "linear" or "cubic"))
            throw new ConvLensException($"{node}: unknown Resize mode '{result.Mode}' (expected nearest, linear or cubic)");
        if (result.Coordinates is not ("half_pixel" or "half_pixel_symmetric" or "pytorch_half_pixel" or "align_corners" or "asymmetric" or "tf_half_pixel_for_nn"))
            throw new ConvLensException($"cannot differentiate {node}: coordinate_transformation_mode '{result.Coordinates}' is not supported (crop-and-resize reads a region of interest; use half_pixel, pytorch_half_pixel, align_corners or asymmetric)");
        if (result.Mode == "nearest" && result.NearestMode is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil"))
            throw new ConvLensException($"{node}: unknown nearest_mode '{result.NearestMode}'");
        return result;
    }

    /// <summary>A [<paramref name="output"/>, <paramref name="input"/>] row-major matrix; <paramref name="scale"/> is the axis's scale as the runtime uses it.</summary>
    public double[] Matrix(long input, long output, float scale)
    {
        var matrix = new double[output * input];
        // ONNX Runtime copies a nearest axis of scale 1 one-to-one, without the coordinate transform.
        bool copied = Mode == "nearest" && scale == 1f && input == output;
        for (long x = 0; x < output; x++)
        {
            if (copied) { matrix[x * input + x] = 1; continue; }
            float original = Original(x, scale, input, output);
            foreach (var (index, weight) in Taps(original, input))
                matrix[x * input + index] += weight;
        }
        return matrix;
    }

    private float Original(long x, float scale, long input, long output) => Coordinates switch
    {
        "half_pixel" => (x + 0.5f) / scale - 0.5f,
        "half_pixel_symmetric" => HalfPixelSymmetric(x, scale, input, output),
        "pytorch_half_pixel" => output > 1 ? (x + 0.5f) / scale - 0.5f : 0f,
        "align_corners" => output == 1 ? 0f : x * (float)(input - 1) / (output - 1),
        "asymmetric" => x / scale,
        _ => (x + 0.5f) / scale, // tf_half_pixel_for_nn
    };

    /// <summary>Opset 19: half_pixel shifted so that the sampled grid is centred when the output size was rounded.</summary>
    private static float HalfPixelSymmetric(long x, float scale, long input, long output)
    {
        float adjustment = output / (scale * input);
        float offset = input / 2f * (1 - adjustment);
        return offset + (x + 0.5f) / scale - 0.5f;
    }

    private IEnumerable<(long Index, double Weight)> Taps(float original, long input)
    {
        switch (Mode)
        {
            case "nearest":
                yield return (Math.Clamp(Nearest(original), 0, input - 1), 1);
                yield break;
            case "linear":
            {
                float clamped = Math.Clamp(original, 0f, input - 1);
                long first = (long)MathF.Floor(clamped);
                double t = clamped - first;
                yield return (first, 1 - t);
                if (t > 0) yield return (Math.Min(first + 1, input - 1), t);
                yield break;
            }
            default:
                foreach (var tap in CubicTaps(original, input)) yield return tap;
                yield break;
        }
    }

    private long Nearest(float x) => NearestMode switch
    {
        "round_prefer_floor" => x - MathF.Floor(x) == 0.5f ? (long)MathF.Floor(x) : (long)MathF.Round(x, MidpointRounding.AwayFromZero),
        "round_prefer_ceil" => x - MathF.Floor(x) == 0.5f ? (long)MathF.Ceiling(x) : (long)MathF.Round(x, MidpointRounding.AwayFromZero),
        "floor" => (long)MathF.Floor(x),
        _ => (long)MathF.Ceiling(x),
    };

    /// <summary>Keys' cubic convolution over taps floor(x)−1 … floor(x)+2.</summary>
    private IEnumerable<(long Index, double Weight)> CubicTaps(float original, long input)
    {
        long first = (long)MathF.Floor(original);
        double t = original - first, a = CubicA;
        double[] distances = [1 + t, t, 1 - t, 2 - t];
        var weights = distances.Select(d => d <= 1 ? ((a + 2) * d - (a + 3)) * d * d + 1 : ((a * d - 5 * a) * d + 8 * a) * d - 4 * a).ToArray();
        var indices = Enumerable.Range(-1, 4).Select(k => first + k).ToArray();
        if (ExcludeOutside)
        {
            for (int k = 0; k < 4; k++) if (indices[k] < 0 || indices[k] >= input) weights[k] = 0;
            double sum = weights.Sum();
            for (int k = 0; k < 4; k++) weights[k] /= sum;
        }
        for (int k = 0; k < 4; k++)
            if (weights[k] != 0) yield return (Math.Clamp(indices[k], 0, input - 1), weights[k]);
    }
}
