namespace ConvLens.Attribution;

/// <summary>Applies a <see cref="MapNormalization"/>.</summary>
public static class MapNormalizer
{
    /// <summary>A copy of <paramref name="values"/> scaled to [0, 1] by <paramref name="normalization"/>.</summary>
    public static float[] Normalize(ReadOnlySpan<float> values, MapNormalization normalization)
    {
        var clean = new float[values.Length];
        for (int i = 0; i < clean.Length; i++) clean[i] = float.IsFinite(values[i]) ? values[i] : 0f;
        if (clean.Length == 0) return clean;
        return normalization switch
        {
            MapNormalization.Percentile99 => ByPercentile(clean, 0.99),
            _ => ByMinMax(clean),
        };
    }

    private static float[] ByMinMax(float[] values)
    {
        double min = values.Min(), max = values.Max();
        if (!(max > min))
        {
            Array.Clear(values);
            return values;
        }
        double scale = 1 / (max - min);
        for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Clamp((values[i] - min) * scale, 0, 1);
        return values;
    }

    private static float[] ByPercentile(float[] values, double fraction)
    {
        // The percentile of the magnitudes: the maps this is for are non-negative, and a signed map keeps its sign's strength.
        var sorted = values.Select(Math.Abs).Order().ToArray();
        double position = fraction * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        double percentile = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        if (!(percentile > 0))
        {
            // At most 1% of the values are non-zero: scale by the largest instead, or give zeros when all are zero.
            percentile = sorted[^1];
            if (!(percentile > 0))
            {
                Array.Clear(values);
                return values;
            }
        }
        for (int i = 0; i < values.Length; i++) values[i] = (float)Math.Clamp(Math.Abs(values[i]) / percentile, 0, 1);
        return values;
    }
}
