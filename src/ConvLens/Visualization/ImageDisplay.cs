namespace ConvLens.Visualization;

/// <summary>The display normalisations of <see cref="DisplayNormalization"/>, on channel-major float images.</summary>
public static class ImageDisplay
{
    /// <summary>
    /// The notebook's <c>deprocess_image</c>: <c>((x − mean)/(std + 1e−3))·0.15 + 0.5</c>, ×255, clipped to 0..255,
    /// with one mean and (population) deviation over all values.
    /// </summary>
    public static float[] Standardize(ReadOnlySpan<float> values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= Math.Max(1, values.Length);
        double variance = 0;
        foreach (var v in values) variance += (v - mean) * (v - mean);
        double std = Math.Sqrt(variance / Math.Max(1, values.Length));
        var output = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            output[i] = (float)Math.Clamp(((values[i] - mean) / (std + 1e-3) * 0.15 + 0.5) * 255, 0, 255);
        return output;
    }

    /// <summary>Minimum to 0 and maximum to 255; a constant image becomes mid-grey.</summary>
    public static float[] Stretch(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var output = new float[values.Length];
        float range = max - min;
        for (int i = 0; i < values.Length; i++)
            output[i] = range > 0 ? (values[i] - min) / range * 255 : 127.5f;
        return output;
    }
}
