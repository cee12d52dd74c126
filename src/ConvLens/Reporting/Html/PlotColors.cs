namespace ConvLens.Reporting.Html;

/// <summary>The colours every report plot shares, so one meaning has one colour across figures.</summary>
public static class PlotColors
{
    /// <summary>Text and axes.</summary>
    public const string Ink = "#1d1d1f";

    /// <summary>Tick labels and secondary text.</summary>
    public const string Muted = "#5f6368";

    /// <summary>Grid lines.</summary>
    public const string Grid = "#e4e4e7";

    /// <summary>The bulk of a distribution.</summary>
    public const string Bulk = "#a9b4c2";

    /// <summary>What the report highlights (top-k images, the studied channel).</summary>
    public const string Highlight = "#c0392b";

    /// <summary>Excitatory (positive) weights: red, as the kernel figures and circuit graphs draw them.</summary>
    public const string Excitatory = "#c0392b";

    /// <summary>Inhibitory (negative) weights: blue, as the kernel figures and circuit graphs draw them.</summary>
    public const string Inhibitory = "#2e6fba";

    /// <summary>Series colours for line plots, in order.</summary>
    public static IReadOnlyList<string> Series { get; } = ["#1f5f99", "#c0392b", "#2e8b57", "#7b4fa0", "#d68910"];
}
