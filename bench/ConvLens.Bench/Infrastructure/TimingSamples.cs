namespace ConvLens.Bench.Infrastructure;

/// <summary>The wall-clock times, in milliseconds, of the measured runs of one case.</summary>
public sealed class TimingSamples(IReadOnlyList<double> milliseconds)
{
    /// <summary>Every measured run, in order.</summary>
    public IReadOnlyList<double> Milliseconds { get; } = milliseconds;

    /// <summary>The median: robust against the odd run that another process disturbed.</summary>
    public double Median => Percentile(0.5);

    /// <summary>The fastest run.</summary>
    public double Min => Milliseconds.Min();

    /// <summary>The slowest run.</summary>
    public double Max => Milliseconds.Max();

    /// <summary>Half the distance between the 25th and 75th percentile, relative to the median: the noise of this case.</summary>
    public double RelativeSpread => Median > 0 ? (Percentile(0.75) - Percentile(0.25)) / 2 / Median : 0;

    private double Percentile(double p)
    {
        var sorted = Milliseconds.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        double position = p * (sorted.Length - 1);
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /// <summary>A one-line summary such as <c>412.3 ms (min 405.1, ±1.2%, n=15)</c>.</summary>
    public override string ToString() => $"{Median:F1} ms (min {Min:F1}, ±{RelativeSpread * 100:F1}%, n={Milliseconds.Count})";
}
