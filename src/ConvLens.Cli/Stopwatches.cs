using System.Diagnostics;

namespace ConvLens.Cli;

/// <summary>Times repeated runs of an action.</summary>
internal static class Stopwatches
{
    public sealed record Timing(double Median, double Min, double Max, double[] Runs);

    /// <summary>Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="runs"/> times timed (ms).</summary>
    public static Timing Measure(Action action, int warmup, int runs)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }
        var sorted = times.Order().ToArray();
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        return new Timing(median, sorted[0], sorted[^1], times);
    }
}
