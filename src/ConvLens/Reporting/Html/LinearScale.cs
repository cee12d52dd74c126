namespace ConvLens.Reporting.Html;

/// <summary>
/// A plot axis: a data interval widened to round numbers (steps of 1, 2 or 5 × 10ⁿ) and mapped linearly
/// onto a pixel interval, with its tick values.
/// </summary>
public sealed class LinearScale
{
    private LinearScale(double min, double max, double step, double rangeStart, double rangeEnd)
    {
        Min = min;
        Max = max;
        Step = step;
        RangeStart = rangeStart;
        RangeEnd = rangeEnd;
    }

    /// <summary>The axis's first value (a multiple of <see cref="Step"/> at or below the data).</summary>
    public double Min { get; }

    /// <summary>The axis's last value (a multiple of <see cref="Step"/> at or above the data).</summary>
    public double Max { get; }

    /// <summary>The distance between ticks.</summary>
    public double Step { get; }

    /// <summary>Pixel position of <see cref="Min"/>.</summary>
    public double RangeStart { get; }

    /// <summary>Pixel position of <see cref="Max"/>.</summary>
    public double RangeEnd { get; }

    /// <summary>
    /// A scale covering <paramref name="dataMin"/>..<paramref name="dataMax"/> with about
    /// <paramref name="targetTicks"/> ticks, drawn from <paramref name="rangeStart"/> to <paramref name="rangeEnd"/>
    /// (pass them reversed for a y axis that grows upwards).
    /// </summary>
    public static LinearScale Nice(double dataMin, double dataMax, double rangeStart, double rangeEnd, int targetTicks = 5)
    {
        if (!double.IsFinite(dataMin) || !double.IsFinite(dataMax)) (dataMin, dataMax) = (0, 1);
        if (dataMin > dataMax) (dataMin, dataMax) = (dataMax, dataMin);
        if (dataMax - dataMin < 1e-12 * Math.Max(1, Math.Abs(dataMax)))
        {
            // A constant series still needs an axis: centre it in a unit-wide (or 10%-wide) interval.
            double half = dataMax == 0 ? 0.5 : Math.Abs(dataMax) * 0.05;
            (dataMin, dataMax) = (dataMin - half, dataMax + half);
        }
        double step = NiceStep((dataMax - dataMin) / Math.Max(1, targetTicks));
        double min = Math.Floor(dataMin / step + 1e-9) * step;
        double max = Math.Ceiling(dataMax / step - 1e-9) * step;
        return new LinearScale(min, max, step, rangeStart, rangeEnd);
    }

    /// <summary>The pixel position of <paramref name="value"/>.</summary>
    public double Map(double value) => RangeStart + (value - Min) / (Max - Min) * (RangeEnd - RangeStart);

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step);
            // Rounding each tick to the step's decimals keeps 0.30000000000000004 out of the labels.
            return Enumerable.Range(0, count + 1).Select(i => Math.Round(Min + i * Step, Decimals + 2)).ToArray();
        }
    }

    /// <summary>A tick label: as many decimals as the step needs, and no more.</summary>
    public string Format(double tick)
    {
        if (Math.Abs(tick) < Step * 1e-6) tick = 0;
        double magnitude = Math.Max(Math.Abs(Min), Math.Abs(Max));
        if (magnitude >= 1e6 || magnitude < 1e-4 && magnitude > 0)
            return tick.ToString("0.##E+0", System.Globalization.CultureInfo.InvariantCulture);
        var text = tick.ToString("F" + Decimals, System.Globalization.CultureInfo.InvariantCulture);
        return text.StartsWith('-') ? "−" + text[1..] : text;
    }

    private int Decimals => Math.Max(0, -(int)Math.Floor(Math.Log10(Step) + 1e-9));

    private static double NiceStep(double rough)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        double fraction = rough / power;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * power;
    }
}
