namespace ConvLens.Attribution;

/// <summary>Summary numbers of one channel's activation map.</summary>
/// <param name="Mean">Mean over positions.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="L2Norm">Square root of the sum of squares (the reference notebook's channel score).</param>
/// <param name="ArgmaxRow">Row of the largest value in the layer's grid (the first, reading row by row, on ties).</param>
/// <param name="ArgmaxColumn">Column of the largest value.</param>
public sealed record ActivationStatistics(double Mean, double Max, double Min, double L2Norm, int ArgmaxRow, int ArgmaxColumn)
{
    /// <summary>The statistics of <paramref name="values"/>, a <paramref name="width"/>-column map.</summary>
    public static ActivationStatistics Of(ReadOnlySpan<float> values, int width)
    {
        if (values.IsEmpty) throw new ArgumentException("an empty map has no statistics", nameof(values));
        double sum = 0, squares = 0, max = double.NegativeInfinity, min = double.PositiveInfinity;
        int argmax = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            sum += v;
            squares += v * v;
            if (v > max) (max, argmax) = (v, i);
            min = Math.Min(min, v);
        }
        return new ActivationStatistics(sum / values.Length, max, min, Math.Sqrt(squares), argmax / width, argmax % width);
    }
}
