using System.Globalization;
using ConvLens.Bench.Infrastructure;

namespace ConvLens.Bench.Core;

/// <summary>Turns the rows of the <c>core</c> benchmark into tables, for the console and for RESULTS.md.</summary>
public static class CoreReport
{
    /// <summary>ConvLens full forward / plain ONNX Runtime: ConvLens may cost at most 5% over calling ORT directly.</summary>
    public const double ForwardTarget = 1.05;

    /// <summary>Gradient / forward to block3_conv2: the backward convolutions cost about what the forward ones do, plus masks.</summary>
    public const double GradientTarget = 2.2;

    /// <summary>The full-forward comparison.</summary>
    public static TextTable ForwardTable(IEnumerable<CoreRow> rows)
    {
        var table = new TextTable("threads", "batch", "runs", "ConvLens ms", "plain ORT ms", $"ConvLens/plain (target <= {ForwardTarget:F2})", "output max diff");
        foreach (var r in rows)
            table.Add($"{r.Threads}", $"{r.Batch}", $"{r.Runs}", Ms(r.ConvLensFull), Ms(r.PlainFull), Ratio(r.ConvLensFull?.Median, r.PlainFull?.Median, ForwardTarget),
                r.FullOutputMaxDiff.ToString("0.0e+0", CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>The gradient-versus-forward comparison.</summary>
    public static TextTable GradientTable(IEnumerable<CoreRow> rows, string layer)
    {
        var table = new TextTable("threads", "batch", "runs", $"forward to {layer} ms", "forward + input gradient ms", $"gradient/forward (target <= {GradientTarget:F1})");
        foreach (var r in rows)
            table.Add($"{r.Threads}", $"{r.Batch}", $"{r.Runs}", Ms(r.ConvLensForward), Ms(r.ConvLensGradient), Ratio(r.ConvLensGradient?.Median, r.ConvLensForward?.Median, GradientTarget));
        return table;
    }

    /// <summary>The PyTorch comparison (ratios below 1 mean ConvLens is faster).</summary>
    public static TextTable TorchTable(IEnumerable<CoreRow> rows)
    {
        var table = new TextTable("threads", "batch", "runs", "PyTorch forward ms", "PyTorch gradient ms", "PyTorch gradient/forward",
            "ConvLens/PyTorch forward", "ConvLens/PyTorch gradient");
        foreach (var r in rows)
            table.Add($"{r.Threads}", $"{r.Batch}", $"{r.TorchRuns}", Ms(r.TorchForwardMs), Ms(r.TorchGradientMs), Ratio(r.TorchGradientMs, r.TorchForwardMs, null),
                Ratio(r.ConvLensForward?.Median, r.TorchForwardMs, null), Ratio(r.ConvLensGradient?.Median, r.TorchGradientMs, null));
        return table;
    }

    private static string Ms(TimingSamples? s) => s is null ? "n/a" : $"{s.Median:F1} ±{s.RelativeSpread * 100:F0}%";

    private static string Ms(double? ms) => ms is { } v ? v.ToString("F1", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double? numerator, double? denominator, double? target)
    {
        if (numerator is not { } n || denominator is not { } d || d <= 0) return "n/a";
        double ratio = n / d;
        var text = ratio.ToString("F2", CultureInfo.InvariantCulture);
        return target is { } t ? $"{text} {(ratio <= t ? "ok" : "OVER")}" : text;
    }
}
