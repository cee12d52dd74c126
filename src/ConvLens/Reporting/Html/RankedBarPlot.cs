namespace ConvLens.Reporting.Html;

/// <summary>
/// Horizontal bars for ranked items with signed meaning (input channels of a kernel): the length is the
/// magnitude, the colour the sign (red excitatory, blue inhibitory, as the kernel figures), the value printed at the end.
/// </summary>
public static class RankedBarPlot
{
    private const double RowHeight = 22, LabelWidth = 130, Top = 8, Right = 70, Bottom = 34;

    /// <summary>One bar, drawn in its sign's colour unless it names its own.</summary>
    /// <param name="Label">What the bar is (for instance "input channel 12").</param>
    /// <param name="Magnitude">Bar length (non-negative).</param>
    /// <param name="Positive">True draws it in the excitatory colour.</param>
    /// <param name="Tooltip">Hover text, or null.</param>
    /// <param name="Color">A colour that overrides the sign's (for bars whose sign means nothing), or null.</param>
    public sealed record Bar(string Label, double Magnitude, bool Positive, string? Tooltip = null, string? Color = null);

    /// <summary>The plot as an SVG element.</summary>
    public static string Render(IReadOnlyList<Bar> bars, string valueLabel, double width = 520)
    {
        if (bars.Count == 0) throw new ArgumentException("a bar plot needs at least one bar", nameof(bars));
        double height = Top + bars.Count * RowHeight + Bottom;
        double max = Math.Max(bars.Max(b => Math.Abs(b.Magnitude)), 1e-12);
        var x = LinearScale.Nice(0, max, LabelWidth, width - Right, 4);
        var svg = new SvgBuilder(width, height, valueLabel);
        double plotBottom = Top + bars.Count * RowHeight;
        foreach (var tick in x.Ticks)
        {
            svg.Line(x.Map(tick), Top, x.Map(tick), plotBottom, PlotColors.Grid);
            svg.Text(x.Map(tick), plotBottom + 15, x.Format(tick), "middle", 11, PlotColors.Muted);
        }
        for (int i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            double top = Top + i * RowHeight + 3;
            svg.Text(LabelWidth - 8, top + RowHeight / 2 + 1, bar.Label, "end", 11.5, PlotColors.Ink);
            svg.Rect(x.Map(0), top, x.Map(Math.Abs(bar.Magnitude)) - x.Map(0), RowHeight - 7,
                bar.Color ?? (bar.Positive ? PlotColors.Excitatory : PlotColors.Inhibitory), bar.Tooltip);
            svg.Text(x.Map(Math.Abs(bar.Magnitude)) + 5, top + RowHeight / 2 + 1, HtmlText.Number(bar.Magnitude), "start", 11, PlotColors.Muted);
        }
        svg.Line(x.Map(0), Top, x.Map(0), plotBottom, PlotColors.Ink);
        svg.Text((LabelWidth + width - Right) / 2, height - 6, valueLabel, "middle", 12, PlotColors.Ink);
        return svg.ToString();
    }
}
